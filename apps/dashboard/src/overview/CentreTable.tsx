import type { PictureIncident, PictureSupportCentre } from "@krisstod/contracts";
import { useId } from "react";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { clockTime, shownCount } from "../picture/shownCount.ts";

/**
 * Open support centres with occupancy as the picture has it: "<5" below five, never names, and the
 * time the centre last published it (its occupancy clock; not live).
 */
export function CentreTable({
  centres,
  incidents,
}: {
  centres: readonly PictureSupportCentre[];
  incidents: readonly PictureIncident[];
}) {
  const { messages } = useI18n();
  const headingId = useId();
  const open = centres.filter((centre) => centre.status === "open");
  const titleOf = new Map(incidents.map((incident) => [incident.id, incident.title]));
  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId}>{messages.overview.centresHeading}</h2>
      {open.length === 0 ? (
        <p>{messages.overview.noCentres}</p>
      ) : (
        <table aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">{messages.overview.centre}</th>
              <th scope="col">{messages.overview.operator}</th>
              <th scope="col">{messages.overview.present}</th>
            </tr>
          </thead>
          <tbody>
            {open.map((centre) => (
              <tr key={centre.id}>
                <th scope="row">
                  {centre.name}
                  <span className="muted"> · {titleOf.get(centre.incidentId) ?? ""}</span>
                </th>
                <td>{messages.overview.operators[centre.operator]}</td>
                <td>
                  {shownCount(centre.counts.present)}
                  {centre.countsAsOf && (
                    <span className="muted">
                      {" "}
                      · {messages.overview.countsSince(clockTime(centre.countsAsOf))}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
