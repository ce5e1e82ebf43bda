import { useState } from "react";
import { CircleMarker, Tooltip, useMap, useMapEvents } from "react-leaflet";
import type { Town } from "../geo/places.ts";

/** From this zoom on (about one municipality on the screen) every town is named, not only seats. */
export const ALL_TOWN_NAMES_ZOOM = 10;

/**
 * Towns as dots with their names beside them: municipality seats always, smaller places when
 * zoomed in. Not interactive, so they never take a click meant for the map or a marker; the names
 * have a white halo and no box, so a marker under one still shows.
 */
export function TownLayer({ towns }: { towns: readonly Town[] }) {
  const map = useMap();
  const [zoom, setZoom] = useState(() => map.getZoom());
  useMapEvents({ zoomend: () => setZoom(map.getZoom()) });
  return towns.map((place) => {
    const named = place.seat || zoom >= ALL_TOWN_NAMES_ZOOM;
    return (
      // Keyed by whether it is named: react-leaflet does not remove a tooltip child on its own.
      <CircleMarker
        key={`${place.name}:${place.lat}:${place.lon}:${named}`}
        center={[place.lat, place.lon]}
        radius={place.seat ? 4 : 2.5}
        interactive={false}
        pathOptions={{
          color: "#1b1b1b",
          weight: 1,
          fillColor: place.seat ? "#1b1b1b" : "#fff",
          fillOpacity: 1,
        }}
      >
        {named && (
          <Tooltip
            permanent
            direction="right"
            offset={[4, 0]}
            className={`town-label${place.seat ? " town-label--seat" : ""}`}
          >
            {place.name}
          </Tooltip>
        )}
      </CircleMarker>
    );
  });
}
