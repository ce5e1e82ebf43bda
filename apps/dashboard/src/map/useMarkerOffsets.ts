import { useMemo, useState } from "react";
import { useMap, useMapEvents } from "react-leaflet";
import { spreadOverlapping } from "./declutter.ts";

/** Markers closer than this on screen are set apart: about one marker's width with a margin. */
export const MARKER_ROOM_PX = 26;

/**
 * Pixel offsets for markers at the map's current zoom (see declutter.ts), recomputed when the
 * zoom changes. `[0, 0]` for a marker with room of its own.
 */
export function useMarkerOffsets(
  items: readonly { id: string; lat: number; lon: number }[],
): ReadonlyMap<string, [number, number]> {
  const map = useMap();
  const [zoom, setZoom] = useState(() => map.getZoom());
  useMapEvents({ zoomend: () => setZoom(map.getZoom()) });
  return useMemo(() => {
    const points = items.map((item) => {
      const { x, y } = map.project([item.lat, item.lon], zoom);
      return { id: item.id, x, y };
    });
    return spreadOverlapping(points, MARKER_ROOM_PX);
  }, [items, map, zoom]);
}
