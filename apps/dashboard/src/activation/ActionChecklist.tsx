import { useId } from "react";
import { useActionPlan } from "../api/actionPlan.ts";
import { errorText } from "../api/errors.ts";
import { useAppendLogbookEntry, useLogbook } from "../api/reporting.ts";
import { may } from "../auth/permissions.ts";
import { hasRole, type SignedInUser } from "../auth/session.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "../incidents/IncidentTime.tsx";

/** How a step done is written in the ledningsgrupp's log (the log is the record; it is never edited). */
export const checklistEntry = (step: string) => `Checklista: ${step}`;

/**
 * The organisation's action plan worked through during an activation (Laholm 3.2 "operativ
 * handlingsplan"; Lekeberg "checklistor"): each step done is an entry in the ledningsgrupp's own
 * log, with its time and who did it, so the checklist and the log cannot disagree.
 */
export function ActionChecklist({ user, incidentId }: { user: SignedInUser; incidentId: string }) {
  const { messages } = useI18n();
  const t = messages.actionPlan;
  const headingId = useId();
  const plan = useActionPlan(user.organisationId, may(user, "action-plan.read"));
  // Those who write the ledningsgrupp's log (reporting's leads) tick steps; an activator reads them.
  const ticks = hasRole(user, "posom-lead", "pkl-lead", "ledningsgrupp", "region-tib");
  const log = useLogbook(ticks ? incidentId : undefined, user.organisationId, "ledningsgrupp", undefined);
  const append = useAppendLogbookEntry(incidentId);
  const steps = plan.data?.steps ?? [];
  if (steps.length === 0) return null;
  const doneAt = (step: string) => (log.data ?? []).find((entry) => entry.text === checklistEntry(step));
  return (
    <section aria-labelledby={headingId} className="panel checklist">
      <h3 id={headingId}>{t.checklistHeading}</h3>
      <ol aria-labelledby={headingId}>
        {steps.map((step) => {
          const done = doneAt(step);
          return (
            <li key={step}>
              {step}
              {done ? (
                <span className="muted">
                  {" "}
                  · {t.done} <IncidentTime at={done.recordedAt} /> · {done.authorName}
                </span>
              ) : (
                ticks && (
                  <>
                    {" "}
                    <button
                      type="button"
                      className="inline secondary"
                      disabled={append.isPending}
                      onClick={() =>
                        append.mutate({
                          organisationId: user.organisationId,
                          countyCode: user.countyCode,
                          logbook: "ledningsgrupp",
                          text: checklistEntry(step),
                        })
                      }
                    >
                      {t.markDone(step)}
                    </button>
                  </>
                )
              )}
            </li>
          );
        })}
      </ol>
      {append.isError && <p role="alert">{errorText(append.error, messages.work.problems)}</p>}
    </section>
  );
}
