import type { PictureIncident, PictureSupportCentre } from "@krisstod/contracts";
import { useId, useMemo } from "react";
import { MapContainer, TileLayer, ZoomControl } from "react-leaflet";
import { config } from "../config.ts";
import { boundsOf, type LatLon, type Municipality } from "../geo/municipalities.ts";
import { useTowns } from "../geo/useTowns.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { AidArrows } from "./AidArrows.tsx";
import type { FocusRequest } from "./IncidentMarkers.tsx";
import { MapAttribution } from "./MapAttribution.tsx";
import { MapLegend } from "./MapLegend.tsx";
import { MunicipalityShapes } from "./MunicipalityShapes.tsx";
import type { AidFlow, MunicipalityState } from "./mapState.ts";
import { PictureMarkers } from "./PictureMarkers.tsx";
import { TownLayer } from "./TownLayer.tsx";

interface Props {
  countyName: string;
  municipalities: readonly Municipality[] | undefined;
  boundariesFailed: boolean;
  onRetryBoundaries: () => void;
  incidents: readonly PictureIncident[];
  centres: readonly PictureSupportCentre[];
  focus: FocusRequest | undefined;
  states: ReadonlyMap<string, MunicipalityState>;
  flows: readonly AidFlow[];
  pointOf: (organisationId: string) => LatLon | undefined;
  nameOf: (organisationId: string) => string;
}

export function RegionalMap({
  countyName,
  municipalities,
  boundariesFailed,
  onRetryBoundaries,
  incidents,
  centres,
  focus,
  states,
  flows,
  pointOf,
  nameOf,
}: Props) {
  const { language, messages } = useI18n();
  const headingId = useId();
  const bounds = useMemo(() => (municipalities ? boundsOf(municipalities) : undefined), [municipalities]);
  const codes = useMemo(() => new Set(municipalities?.map((m) => m.code)), [municipalities]);
  const towns = useTowns(codes).shown;
  const openCentres = useMemo(() => centres.filter((c) => c.status === "open"), [centres]);
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
        <MapContainer
          bounds={bounds}
          boundsOptions={{ padding: [12, 12] }}
          className="map"
          zoomSnap={0.25}
          // Clustering needs a finite maximum zoom, which tiles would otherwise give.
          maxZoom={18}
          zoomControl={false}
        >
          {/* In the page's language (Leaflet's own buttons say "Zoom in"); made again when it changes. */}
          <ZoomControl key={language} zoomInTitle={messages.map.zoomIn} zoomOutTitle={messages.map.zoomOut} />
          {config.VITE_TILE_URL && (
            <TileLayer url={config.VITE_TILE_URL} attribution={config.VITE_TILE_ATTRIBUTION ?? ""} />
          )}
          <MapAttribution text={messages.map.attribution} />
          <MunicipalityShapes municipalities={municipalities} states={states} />
          {towns && <TownLayer towns={towns} />}
          <AidArrows flows={flows} pointOf={pointOf} nameOf={nameOf} />
          <PictureMarkers incidents={incidents} centres={openCentres} focus={focus} />
        </MapContainer>
      )}
      <MapLegend />
    </section>
  );
}
