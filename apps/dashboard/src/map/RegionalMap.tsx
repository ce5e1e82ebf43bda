import type { PictureIncident, PictureSupportCentre } from "@krisstod/contracts";
import { useId, useMemo } from "react";
import { MapContainer, TileLayer } from "react-leaflet";
import { config } from "../config.ts";
import { boundsOf, type Municipality } from "../geo/municipalities.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { CentreMarkers } from "./CentreMarkers.tsx";
import { type FocusRequest, IncidentMarkers } from "./IncidentMarkers.tsx";
import { MunicipalityShapes } from "./MunicipalityShapes.tsx";

interface Props {
  countyName: string;
  municipalities: readonly Municipality[] | undefined;
  boundariesFailed: boolean;
  onRetryBoundaries: () => void;
  incidents: readonly PictureIncident[];
  centres: readonly PictureSupportCentre[];
  focus: FocusRequest | undefined;
}

export function RegionalMap({
  countyName,
  municipalities,
  boundariesFailed,
  onRetryBoundaries,
  incidents,
  centres,
  focus,
}: Props) {
  const { messages } = useI18n();
  const headingId = useId();
  const bounds = useMemo(() => (municipalities ? boundsOf(municipalities) : undefined), [municipalities]);
  return (
    <section className="regional-map" aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        {messages.map.label(countyName)}
      </h2>
      {boundariesFailed && (
        <p role="alert">
          {messages.map.boundariesFailed}{" "}
          <button type="button" onClick={onRetryBoundaries}>
            {messages.map.retry}
          </button>
        </p>
      )}
      {/* The map is made once the bounds are known: MapContainer reads them only when it mounts. */}
      {municipalities && bounds && (
        <MapContainer bounds={bounds} boundsOptions={{ padding: [12, 12] }} className="map" zoomSnap={0.25}>
          {config.VITE_TILE_URL && (
            <TileLayer url={config.VITE_TILE_URL} attribution={config.VITE_TILE_ATTRIBUTION ?? ""} />
          )}
          <MunicipalityShapes municipalities={municipalities} />
          <IncidentMarkers incidents={incidents} focus={focus} />
          <CentreMarkers centres={centres} />
        </MapContainer>
      )}
    </section>
  );
}
