import type { Centre } from "@krisstod/contracts";
import { useId } from "react";
import { errorText } from "../api/errors.ts";
import { useRecordCooperation } from "../api/supportCentres.ts";
import { may } from "../auth/permissions.ts";
import type { SignedInUser } from "../auth/session.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

/**
 * Halland: "Det är viktigt att beakta behov av samverkan med Polismyndigheten, trossamfund,
 * frivilligorganisationer och andra berörda aktörer när stödcentrum etableras." Each partner is a
 * prompt on the open centre until recorded; faith communities are reached through Länsstyrelsen's TiB.
 */
export function CooperationPanel({ centre, user }: { centre: Centre; user: SignedInUser }) {
  const { messages } = useI18n();
  const t = messages.centres;
  const record = useRecordCooperation(user.countyCode);
  const headingId = useId();
  const cooperation = centre.cooperation ?? [];
  if (cooperation.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <h5 id={headingId}>{t.cooperationHeading}</h5>
      <ul aria-labelledby={headingId}>
        {cooperation.map((c) => {
          const name = t.cooperationPartners[c.partner];
          return (
            <li key={c.partner}>
              {name} · {t.cooperationStatuses[c.status]}
              {c.contactRoute === "lansstyrelsen-tib" && ` (${t.viaLansstyrelsenTib})`}
              {c.status === "to-consider" && may(user, "centres.cooperation") && (
                <>
                  {" "}
                  <button
                    type="button"
                    disabled={record.isPending}
                    onClick={() => record.mutate({ id: centre.id, partner: c.partner, status: "contacted" })}
                  >
                    {t.markContacted(name)}
                  </button>{" "}
                  <button
                    type="button"
                    className="secondary"
                    disabled={record.isPending}
                    onClick={() => record.mutate({ id: centre.id, partner: c.partner, status: "not-needed" })}
                  >
                    {t.markNotNeeded(name)}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
      {record.isError && <p role="alert">{t.failed(errorText(record.error, messages.work.problems))}</p>}
    </section>
  );
}
