import type { PictureIncident } from "@krisstod/contracts";
import { useId } from "react";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { IncidentTime } from "./IncidentTime.tsx";

interface Props {
  incidents: PictureIncident[];
  municipalityNames: ReadonlyMap<string, string>;
  status: "pending" | "error" | "success";
  onRetry: () => void;
  onShowOnMap: (incidentId: string) => void;
}

export function IncidentList({ incidents, municipalityNames, status, onRetry, onShowOnMap }: Props) {
  const { messages } = useI18n();
  const headingId = useId();
  return (
    <section className="incident-list" aria-labelledby={headingId}>
      <h2 id={headingId}>{messages.incidents.heading}</h2>
      {status === "pending" && <p>{messages.incidents.loading}</p>}
      {status === "error" && (
        <p role="alert">
          {messages.incidents.failed}{" "}
          <button type="button" onClick={onRetry}>
            {messages.incidents.retry}
          </button>
        </p>
      )}
      {status === "success" && incidents.length === 0 && <p>{messages.incidents.empty}</p>}
      {incidents.length > 0 && (
        <ul aria-labelledby={headingId}>
          {incidents.map((incident) => (
            <IncidentItem
              key={incident.id}
              incident={incident}
              municipalityNames={municipalityNames}
              onShowOnMap={onShowOnMap}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function IncidentItem({
  incident,
  municipalityNames,
  onShowOnMap,
}: {
  incident: PictureIncident;
  municipalityNames: ReadonlyMap<string, string>;
  onShowOnMap: (incidentId: string) => void;
}) {
  const { messages } = useI18n();
  const titleId = useId();
  const places = incident.affectedMunicipalities.map((code) => municipalityNames.get(code) ?? code);
  return (
    <li aria-labelledby={titleId} className={`incident incident--${incident.kind}`}>
      <h3 id={titleId}>{incident.title}</h3>
      <p className="incident__meta">
        <span className="incident__kind">{messages.incidents.kinds[incident.kind]}</span>
        {incident.extraordinary && <span className="incident__flag">{messages.incidents.extraordinary}</span>}
      </p>
      <dl>
        <dt>{messages.incidents.municipalities}</dt>
        <dd>{places.join(", ")}</dd>
        <dt>{messages.incidents.occurredAt}</dt>
        <dd>
          <IncidentTime at={incident.occurredAt} />
        </dd>
      </dl>
      <button
        type="button"
        className="incident__show"
        aria-label={messages.incidents.showOnMapFor(incident.title)}
        onClick={() => onShowOnMap(incident.id)}
      >
        {messages.incidents.showOnMap}
      </button>
    </li>
  );
}
