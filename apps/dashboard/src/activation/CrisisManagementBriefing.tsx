import type { FullRegionalPicture } from "@krisstod/contracts";
import { useCrisisManagementBriefing } from "../api/reporting.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";

/**
 * POSOM's lägesbild and needs as the municipality's activated crisis management and its TiB see
 * them. Laholm 3.1: "POSOM är underordnad denna"; Enköping: "förmedla lägesbild och behov till
 * kommunens krisledning/TiB". Counts only; to the TiB also while no crisis management is activated.
 */
export function CrisisManagementBriefing({
  incidentId,
  picture,
}: {
  incidentId: string;
  picture: FullRegionalPicture | undefined;
}) {
  const { messages } = useI18n();
  const text = messages.activation.briefing;
  const briefing = useCrisisManagementBriefing(incidentId, true, picture);
  if (!briefing.isSuccess) return null;
  const { latestReport, activations, supportCentres, needs, crisisManagementActivated } = briefing.data;
  return (
    <section aria-label={text.heading} className="card">
      <h3>{text.heading}</h3>
      <p>{crisisManagementActivated ? text.subordinate : text.ownWork}</p>
      {latestReport ? (
        <dl>
          <dt>{text.latestReport(latestReport.version)}</dt>
          <dd />
          <dt>{text.situation}</dt>
          <dd>{latestReport.situation || text.none}</dd>
          <dt>{text.needs}</dt>
          <dd>{latestReport.resourcesAndNeeds || text.none}</dd>
        </dl>
      ) : (
        <p>{text.noReport}</p>
      )}
      <h4>{text.activations}</h4>
      {activations.length === 0 ? (
        <p>{text.none}</p>
      ) : (
        <ul>
          {activations.map((a) => (
            <li key={a.id}>
              {messages.activation.groups[a.group]}: {messages.activation.statuses[a.status]},{" "}
              {messages.activation.progress(a.counts.accepted, a.needed)}
            </li>
          ))}
        </ul>
      )}
      <h4>{text.centres}</h4>
      {supportCentres.length === 0 ? (
        <p>{text.none}</p>
      ) : (
        <ul>
          {supportCentres.map((c) => (
            <li key={c.id}>{c.name}</li>
          ))}
        </ul>
      )}
      <h4>{text.aidRequests}</h4>
      {needs.length === 0 ? (
        <p>{text.none}</p>
      ) : (
        <ul>
          {needs.map((aid) => (
            <li key={aid.requestId}>
              {text.aidRequest(
                aid.quantity,
                aid.offers.filter((o) => o.accepted).reduce((sum, o) => sum + o.quantity, 0),
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
