import { useId } from "react";
import { useOrganisations } from "../api/mutualAid.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { AlarmRoute } from "../organisation/AlarmRoute.tsx";

/**
 * How to alert each municipality's POSOM and the region's PKL, as each keeps it under Larmlistor
 * (Halland "Kontaktvägar": "Kontakter med kommunerna tas via ordinarie larmvägar vid händelser.
 * Dessa kontaktvägar bör kommuniceras till Region Hallands TIB-funktion och andra berörda
 * aktörer"). Follows the map's municipality filter; the region is always shown.
 */
export function AlarmRoutes({ countyCode, municipality }: { countyCode: string; municipality: string }) {
  const { messages } = useI18n();
  const headingId = useId();
  const organisations = useOrganisations(countyCode);
  const shown = (organisations.data ?? [])
    .filter((o) => o.kind === "municipality" || o.kind === "region")
    .filter((o) => municipality === "" || o.municipalityCode === municipality || o.kind === "region")
    .sort((a, b) => a.name.localeCompare(b.name, "sv"));
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId}>{messages.overview.alarmHeading}</h2>
      <ul className="alarm-routes">
        {shown.map((o) => (
          <li key={o.id}>
            <strong>{o.name}</strong>
            <AlarmRoute contact={o.alarmContact} none={messages.overview.noAlarmRoute} />
          </li>
        ))}
      </ul>
    </section>
  );
}
