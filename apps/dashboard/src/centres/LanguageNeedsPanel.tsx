import { useId } from "react";
import { errorText } from "../api/errors.ts";
import { useLanguageNeeds } from "../api/staffing.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { useLanguageName } from "./LanguageHelpPanel.tsx";

/**
 * The languages the visitors still at the centre need, and whether anyone on shift speaks each —
 * so staff see at a glance where a colleague or an interpreter is missing. Asked for on a click
 * (each visitor's language read is audited), refreshed the same way.
 */
export function LanguageNeedsPanel({ centreId }: { centreId: string }) {
  const { messages } = useI18n();
  const t = messages.staffing;
  const needs = useLanguageNeeds(centreId);
  const nameOf = useLanguageName();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="language-needs">
      <h5 id={headingId}>{t.languageNeedsHeading}</h5>
      <button type="button" className="inline" disabled={needs.isPending} onClick={() => needs.mutate()}>
        {needs.data ? t.refreshLanguageNeeds : t.showLanguageNeeds}
      </button>
      {needs.isError && (
        <p role="alert">{messages.centres.failed(errorText(needs.error, messages.work.problems))}</p>
      )}
      {needs.data && (
        <div role="status">
          {needs.data.needs.length === 0 ? (
            <p>{t.noLanguageNeeds}</p>
          ) : (
            <ul aria-labelledby={headingId}>
              {needs.data.needs.map((need) => (
                <li key={need.language} className={need.speakersOnShift === 0 ? "warning" : undefined}>
                  {t.languageNeedLine(nameOf(need.language), need.visitorsPresent, need.speakersOnShift)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
