import { Polygon, Tooltip } from "react-leaflet";
import type { Municipality } from "../geo/municipalities.ts";
import type { MunicipalityState } from "./mapState.ts";

/** Fill by state; the colours are also the legend's (styles.css .legend--*). */
export const stateFill: Record<MunicipalityState, string> = {
  none: "#dbe7f3",
  management: "#f1c21b",
  deployed: "#e8743b",
};

/** Municipality boundaries, filled by state, with their names as permanent labels inside each. */
export function MunicipalityShapes({
  municipalities,
  states,
}: {
  municipalities: readonly Municipality[];
  states: ReadonlyMap<string, MunicipalityState>;
}) {
  return municipalities.map((municipality) => {
    const state = states.get(municipality.code) ?? "none";
    return (
      // Keyed by state: react-leaflet does not restyle a polygon whose pathOptions object changes shape.
      <Polygon
        key={`${municipality.code}:${state}`}
        positions={municipality.polygons}
        pathOptions={{ color: "#1f4e79", weight: 1.5, fillColor: stateFill[state], fillOpacity: 0.6 }}
      >
        <Tooltip
          permanent
          direction="center"
          position={municipality.labelPoint}
          className="municipality-label"
        >
          {municipality.name}
        </Tooltip>
      </Polygon>
    );
  });
}
