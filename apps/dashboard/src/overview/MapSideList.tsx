import { useId } from "react";
import type { Municipality } from "../geo/municipalities.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import type { AidFlow, MunicipalityState } from "../map/mapState.ts";

export interface MapFilters {
  incidents: boolean;
  centres: boolean;
  aid: boolean;
  /** A municipality code, or "" for the whole county. */
  municipality: string;
}

export const allLayers: MapFilters = { incidents: true, centres: true, aid: true, municipality: "" };

/**
 * What the map shows, as a list with filters: which layers, which municipality; the
 * municipalities' states and the mutual-aid flows in words (the map's arrows and colours for
 * anyone who cannot see them).
 */
export function MapSideList({
  filters,
  onFilters,
  municipalities,
  states,
  flows,
  nameOf,
}: {
  filters: MapFilters;
  onFilters: (filters: MapFilters) => void;
  municipalities: readonly Municipality[];
  states: ReadonlyMap<string, MunicipalityState>;
  flows: readonly AidFlow[];
  nameOf: (organisationId: string) => string;
}) {
  const { messages } = useI18n();
  const t = messages.map;
  const ids = { heading: useId(), municipality: useId(), states: useId(), flows: useId() };
  const active = municipalities.filter((m) => (states.get(m.code) ?? "none") !== "none");
  // A municipality of another county working here, e.g. Båstad (Skåne) called as Laholm's fallback
  // (Laholm 3.1): not on this county's map, so named in the list.
  const shown = new Set(municipalities.map((m) => m.code));
  const fromElsewhere = [...states].filter(([code, state]) => state !== "none" && !shown.has(code));
  return (
    <section aria-labelledby={ids.heading} className="panel map-side">
      <h2 id={ids.heading}>{t.sideHeading}</h2>
      <fieldset className="checks checks--row">
        <legend>{t.layers}</legend>
        {(["incidents", "centres", "aid"] as const).map((layer) => (
          <label key={layer}>
            <input
              type="checkbox"
              checked={filters[layer]}
              onChange={(e) => onFilters({ ...filters, [layer]: e.target.checked })}
            />{" "}
            {t.layerNames[layer]}
          </label>
        ))}
      </fieldset>
      <label htmlFor={ids.municipality}>{t.municipality}</label>{" "}
      <select
        id={ids.municipality}
        value={filters.municipality}
        onChange={(e) => onFilters({ ...filters, municipality: e.target.value })}
      >
        <option value="">{t.wholeCounty}</option>
        {municipalities.map((m) => (
          <option key={m.code} value={m.code}>
            {m.name}
          </option>
        ))}
      </select>
      <h3 id={ids.states}>{t.statesHeading}</h3>
      {active.length + fromElsewhere.length === 0 ? (
        <p>{t.noActive}</p>
      ) : (
        <ul aria-labelledby={ids.states}>
          {active.map((m) => (
            <li key={m.code}>
              {m.name}: {t.states[states.get(m.code) ?? "none"]}
            </li>
          ))}
          {fromElsewhere.map(([code, state]) => (
            <li key={code}>
              {t.fromOtherCounty(nameOf(`kommun-${code}`))}: {t.states[state]}
            </li>
          ))}
        </ul>
      )}
      {filters.aid && (
        <>
          <h3 id={ids.flows}>{t.flowsHeading}</h3>
          {flows.length === 0 ? (
            <p>{t.noFlows}</p>
          ) : (
            <ul aria-labelledby={ids.flows}>
              {flows.map((flow) => (
                <li key={flow.id}>
                  {t.aidFlow(nameOf(flow.from), nameOf(flow.to), flow.people, t.aidStages[flow.stage])}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
