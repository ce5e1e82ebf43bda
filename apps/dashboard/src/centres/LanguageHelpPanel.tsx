import { useId, useMemo } from "react";
import { errorText } from "../api/errors.ts";
import { useLanguageHelp } from "../api/staffing.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

/** A language's name in the interface language ("ar" → "arabiska"), or the code itself. */
export function useLanguageName(): (code: string) => string {
  const { messages } = useI18n();
  return useMemo(() => {
    const names = new Intl.DisplayNames([messages.locale], { type: "language", fallback: "code" });
    return (code: string) => {
      try {
        return names.of(code) ?? code;
      } catch {
        return code;
      }
    };
  }, [messages.locale]);
}

/**
 * Language help for a visitor just registered with a language need: colleagues on shift at the
 * centre who speak it first, else the organisation's people who do (with phones, to call in), else
 * book an interpreter. The answer stays in this component only; it is asked for on a click, so the
 * service's audited read of the visitor's language happens when staff want it.
 */
export function LanguageHelpPanel({
  centreId,
  visitorId,
  language,
}: {
  centreId: string;
  visitorId: string;
  language: string;
}) {
  const { messages } = useI18n();
  const t = messages.staffing;
  const help = useLanguageHelp(centreId);
  const nameOf = useLanguageName();
  const name = nameOf(language);
  const ids = { heading: useId(), onShift: useId(), organisation: useId() };
  const answer = help.data?.visitorId === visitorId ? help.data : undefined;
  return (
    <section aria-labelledby={ids.heading} className="language-help">
      <h5 id={ids.heading}>{t.languageHelpHeading}</h5>
      <p>{t.languageNeed(name)}</p>
      <button
        type="button"
        className="inline"
        disabled={help.isPending}
        onClick={() => help.mutate(visitorId)}
      >
        {t.findHelp(name)}
      </button>
      {help.isError && (
        <p role="alert">{messages.centres.failed(errorText(help.error, messages.work.problems))}</p>
      )}
      {answer && (
        <div role="status">
          {answer.onShift.length > 0 && (
            <>
              <h6 id={ids.onShift}>{t.onShift}</h6>
              <ul aria-labelledby={ids.onShift}>
                {answer.onShift.map((p) => (
                  <li key={p.shiftId}>
                    {p.personName}
                    {p.viaMutualAid && <span className="muted"> ({t.viaMutualAid})</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {answer.organisationSpeakers.length > 0 && (
            <>
              <h6 id={ids.organisation}>{t.inOrganisation}</h6>
              <ul aria-labelledby={ids.organisation}>
                {answer.organisationSpeakers.map((p) => (
                  <li key={p.personId}>
                    {p.name} · {p.available ? t.available : t.unavailable}
                    {p.phones.map((phone) => (
                      <span key={phone}>
                        {" "}
                        · <a href={`tel:${phone}`}>{phone}</a>
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            </>
          )}
          {answer.interpreterNeeded && <p>{t.interpreter(name)}</p>}
        </div>
      )}
    </section>
  );
}
