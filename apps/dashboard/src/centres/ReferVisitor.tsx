import { ReferralDestination, type VisitorDetails } from "@krisstod/contracts";
import { useId, useState } from "react";
import { errorText } from "../api/errors.ts";
import { useReferVisitor } from "../api/supportCentres.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

/**
 * Refers a visitor on to a service the centre does not replace (Halland: "Rutiner för att remittera
 * drabbade till andra instanser"; Enköping: "slussa vidare till ordinarie stödverksamhet").
 */
export function ReferVisitor({
  centreId,
  visitors,
}: {
  centreId: string;
  /** Those present, with the names the list shows them by. */
  visitors: { visitor: VisitorDetails; label: string }[];
}) {
  const { messages } = useI18n();
  const t = messages.work.visitors;
  const refer = useReferVisitor(centreId);
  const [visitorId, setVisitorId] = useState("");
  const [to, setTo] = useState<ReferralDestination>("primary-care");
  const [done, setDone] = useState<string>();
  const ids = { heading: useId(), visitor: useId(), to: useId() };
  const chosen = visitors.find((v) => v.visitor.id === visitorId);
  return (
    <section aria-labelledby={ids.heading} className="refer-visitor">
      <h5 id={ids.heading}>{t.referHeading}</h5>
      <p className="form__buttons">
        <label htmlFor={ids.visitor}>{t.referWho}</label>{" "}
        <select id={ids.visitor} value={visitorId} onChange={(e) => setVisitorId(e.target.value)}>
          <option value="">–</option>
          {visitors.map(({ visitor, label }) => (
            <option key={visitor.id} value={visitor.id}>
              {label}
            </option>
          ))}
        </select>{" "}
        <label htmlFor={ids.to}>{t.referTo}</label>{" "}
        <select id={ids.to} value={to} onChange={(e) => setTo(e.target.value as ReferralDestination)}>
          {ReferralDestination.options.map((d) => (
            <option key={d} value={d}>
              {t.destinations[d]}
            </option>
          ))}
        </select>{" "}
        <button
          type="button"
          className="secondary"
          disabled={!chosen || refer.isPending}
          onClick={() =>
            chosen &&
            refer.mutate(
              { visitorId: chosen.visitor.id, to },
              { onSuccess: () => setDone(t.referred(chosen.label, t.destinations[to])) },
            )
          }
        >
          {t.refer}
        </button>
      </p>
      {done && refer.isSuccess && <p role="status">{done}</p>}
      {refer.isError && <p role="alert">{errorText(refer.error, messages.work.problems)}</p>}
    </section>
  );
}
