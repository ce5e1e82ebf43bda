import { useId, useMemo } from "react";
import { useActivationSummary } from "../api/afterWork.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { costCategories } from "./CostForm.tsx";

/** The activation's figures as reporting sums them: participants, hours, costs, debriefs. */
export function Summary({ activationId }: { activationId: string }) {
  const { messages } = useI18n();
  const r = messages.afterWorkRecord;
  const summary = useActivationSummary(activationId);
  const id = useId();
  const sek = useMemo(
    () =>
      new Intl.NumberFormat(messages.locale, {
        style: "currency",
        currency: "SEK",
        minimumFractionDigits: 0,
        maximumFractionDigits: 2,
      }),
    [messages.locale],
  );
  const hours = (n: number) => n.toLocaleString(messages.locale, { maximumFractionDigits: 2 });
  const s = summary.data;
  const debriefs = s ? s.debriefs.offered + s.debriefs.accepted + s.debriefs.declined + s.debriefs.held : 0;
  const debriefStates = [
    ["offered", r.debriefsWaiting],
    ["accepted", r.debriefsAccepted],
    ["declined", r.debriefsDeclined],
    ["held", r.debriefsHeld],
  ] as const;
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{r.summaryHeading}</h3>
      {summary.isError && <p role="alert">{r.noSummary}</p>}
      {s && (
        <table aria-labelledby={id}>
          <tbody>
            <tr>
              <th scope="row">{r.participants}</th>
              <td>{s.participants}</td>
            </tr>
            <tr>
              <th scope="row">{r.hoursTotal}</th>
              <td>{hours(s.hours)}</td>
            </tr>
            <tr>
              <th scope="row">{r.hoursOutsideTotal}</th>
              <td>{hours(s.hoursOutsideWorkingTime)}</td>
            </tr>
            {s.centreShifts && s.centreShifts.shifts > 0 && (
              <tr className="row--part">
                <th scope="row">{r.hoursFromShifts(s.centreShifts.shifts)}</th>
                <td>
                  {hours(s.centreShifts.hours)} ({hours(s.centreShifts.hoursOutsideWorkingTime)})
                </td>
              </tr>
            )}
            {costCategories.map((c) => (
              <tr key={c}>
                <th scope="row">{r.categories[c]}</th>
                <td>{sek.format(s.costsSek[c])}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{r.costsTotal}</th>
              <td>
                <strong>{sek.format(s.costsSek.total)}</strong>
              </td>
            </tr>
            <tr>
              <th scope="row">{r.debriefs}</th>
              <td>{debriefs}</td>
            </tr>
            {debriefStates.map(([state, label]) => (
              <tr key={state} className="row--part">
                <th scope="row">{label}</th>
                <td>{s.debriefs[state]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
