import { CentreOperator, type IncidentKind } from "@krisstod/contracts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { stateFill } from "./MunicipalityShapes.tsx";

/** Incident kinds that share a marker colour (styles.css, .incident-marker--*), one legend line each. */
const INCIDENT_COLOURS: readonly (readonly IncidentKind[])[] = [
  ["accident", "violence", "suicide"],
  ["fire"],
  ["natural-disaster", "infrastructure"],
  ["abroad", "other"],
];

/**
 * Every symbol the map draws, drawn the same way (the same CSS classes and colours) with what it
 * means, so nobody has to guess.
 */
export function MapLegend() {
  const { messages } = useI18n();
  const t = messages.map;
  return (
    <ul className="legend" aria-label={t.legend}>
      {(["none", "management", "deployed"] as const).map((state) => (
        <li key={state}>
          <span className="legend__swatch" style={{ background: stateFill[state] }} aria-hidden="true" />
          {t.states[state]}
        </li>
      ))}
      <li>
        <span className="legend__symbol legend__border" aria-hidden="true" />
        {t.symbols.border}
      </li>
      <li>
        <span className="legend__symbol legend__town legend__town--seat" aria-hidden="true" />
        {t.symbols.seat}
      </li>
      <li>
        <span className="legend__symbol legend__town" aria-hidden="true" />
        {t.symbols.town}
      </li>
      {INCIDENT_COLOURS.map((kinds) => (
        <li key={kinds.join()}>
          <span
            className={`legend__symbol incident-marker incident-marker--${kinds[0]}`}
            aria-hidden="true"
          />
          {t.symbols.incident(kinds.map((kind) => messages.incidents.kinds[kind]).join(", "))}
        </li>
      ))}
      {CentreOperator.options.map((operator) => (
        <li key={operator}>
          <span
            className={`legend__symbol legend__centre centre-marker centre-marker--${operator}`}
            aria-hidden="true"
          >
            3
          </span>
          {t.symbols.centre(messages.overview.operators[operator])}
        </li>
      ))}
      <li>
        <span className="legend__symbol legend__aid" aria-hidden="true">
          →
        </span>
        {t.symbols.aid}
      </li>
      <li>
        <span className="legend__symbol legend__cluster" aria-hidden="true">
          12
        </span>
        {t.symbols.cluster}
      </li>
    </ul>
  );
}
