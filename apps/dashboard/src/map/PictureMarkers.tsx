import type { PictureIncident, PictureSupportCentre } from "@krisstod/contracts";
import { useMemo } from "react";
import { CentreMarkers } from "./CentreMarkers.tsx";
import { ClusterGroup } from "./ClusterGroup.tsx";
import { type FocusRequest, IncidentMarkers } from "./IncidentMarkers.tsx";
import { useMarkerOffsets } from "./useMarkerOffsets.ts";

/**
 * Above this many markers they are clustered; below, every marker stays on its own (a few markers
 * a kilometre apart, e.g. an incident and its centre, stay separately reachable by keyboard) and
 * markers that would cover each other are set apart on a small circle.
 */
export const CROWDED = 30;

const NO_OFFSETS: ReadonlyMap<string, [number, number]> = new Map();

export function PictureMarkers({
  incidents,
  centres,
  focus,
}: {
  incidents: readonly PictureIncident[];
  centres: readonly PictureSupportCentre[];
  focus: FocusRequest | undefined;
}) {
  const crowded = incidents.length + centres.length > CROWDED;
  const items = useMemo(
    () =>
      crowded
        ? []
        : [
            ...incidents.map((i) => ({ id: i.id, lat: i.location.lat, lon: i.location.lon })),
            ...centres.map((c) => ({ id: c.id, lat: c.location.lat, lon: c.location.lon })),
          ],
    [crowded, incidents, centres],
  );
  const spread = useMarkerOffsets(items);
  const offsets = crowded ? NO_OFFSETS : spread;
  const markers = (
    <>
      <IncidentMarkers incidents={incidents} focus={focus} offsets={offsets} />
      <CentreMarkers centres={centres} offsets={offsets} />
    </>
  );
  return crowded ? <ClusterGroup>{markers}</ClusterGroup> : markers;
}
