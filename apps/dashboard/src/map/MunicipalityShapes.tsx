import { useMemo, useState } from "react";
import { Polygon, Tooltip, useMap, useMapEvents } from "react-leaflet";
import type { Municipality } from "../geo/municipalities.ts";
import type { Town } from "../geo/places.ts";
import { around, labelOffset } from "./declutter.ts";
import type { MunicipalityState } from "./mapState.ts";
import { ALL_TOWN_NAMES_ZOOM } from "./TownLayer.tsx";
import { MARKER_ROOM_PX } from "./useMarkerOffsets.ts";

/** Fill by state; the colours are also the legend's (styles.css .legend--*). */
export const stateFill: Record<MunicipalityState, string> = {
  none: "#dbe7f3",
  management: "#f1c21b",
  deployed: "#e8743b",
};

/**
 * A municipality label's size, from its name: capitals of 0.7rem with letter spacing
 * (styles.css .municipality-label) plus the tooltip's padding, rounded up so the estimate errs on
 * the side of room.
 */
const NO_MARKERS: readonly { lat: number; lon: number }[] = [];
const NO_TOWNS: readonly Town[] = [];

/** Where a town's dot and name (TownLayer: to the right of the dot, 0.72-0.8rem) lie on screen. */
const townBox = ({ x, y }: { x: number; y: number }, name: string) => ({
  left: x - 5,
  top: y - 10,
  right: x + 10 + name.length * 8,
  bottom: y + 10,
});

const labelSize = (name: string) => ({ width: name.length * 9 + 14, height: 28 });

/**
 * Room a label keeps from a marker's point: half a marker (18 px and its border) plus how far the
 * declutter may have set the marker apart from a neighbour (about 16 px for three), and a margin.
 */
const LABEL_ROOM_PX = MARKER_ROOM_PX + 8;

/**
 * Municipality boundaries, filled by state, with their names as permanent labels inside each.
 * A label moves off a marker (incident or centre) that lies under it, so neither hides the other,
 * and off the towns' names while it moves.
 */
export function MunicipalityShapes({
  municipalities,
  states,
  markers = NO_MARKERS,
  towns = NO_TOWNS,
}: {
  municipalities: readonly Municipality[];
  states: ReadonlyMap<string, MunicipalityState>;
  markers?: readonly { lat: number; lon: number }[];
  towns?: readonly Town[];
}) {
  const map = useMap();
  const [zoom, setZoom] = useState(() => map.getZoom());
  useMapEvents({ zoomend: () => setZoom(map.getZoom()) });
  const offsets = useMemo(() => {
    const markerBoxes = markers.map((m) => around(map.project([m.lat, m.lon], zoom), LABEL_ROOM_PX));
    // Only when a marker pushes a label does it need to keep clear of the towns' names too.
    const townBoxes = towns
      .filter((t) => t.seat || zoom >= ALL_TOWN_NAMES_ZOOM)
      .map((t) => townBox(map.project([t.lat, t.lon], zoom), t.name));
    return new Map<string, [number, number]>(
      municipalities.map((m) => {
        const anchor = map.project(m.labelPoint, zoom);
        const size = labelSize(m.name);
        const [dx, dy] = labelOffset(anchor, size, markerBoxes);
        const pushed = dx !== 0 || dy !== 0;
        return [m.code, pushed ? labelOffset(anchor, size, [...markerBoxes, ...townBoxes]) : [dx, dy]];
      }),
    );
  }, [municipalities, markers, towns, map, zoom]);
  return municipalities.map((municipality) => {
    const state = states.get(municipality.code) ?? "none";
    const offset = offsets.get(municipality.code) ?? [0, 0];
    return (
      // Keyed by state and label offset: react-leaflet neither restyles a polygon whose pathOptions
      // object changes shape nor moves a tooltip whose offset changes.
      <Polygon
        key={`${municipality.code}:${state}:${offset.join(",")}`}
        positions={municipality.polygons}
        pathOptions={{ color: "#1f4e79", weight: 1.5, fillColor: stateFill[state], fillOpacity: 0.6 }}
      >
        <Tooltip
          permanent
          direction="center"
          position={municipality.labelPoint}
          offset={offset}
          className="municipality-label"
        >
          {municipality.name}
        </Tooltip>
      </Polygon>
    );
  });
}
