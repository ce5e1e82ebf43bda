import type { PictureIncident, PictureSupportCentre } from "@krisstod/contracts";
import { useId, useMemo } from "react";
import { MapContainer, TileLayer, ZoomControl } from "react-leaflet";
import { config } from "../config.ts";
import { boundsOf, type LatLon, type Municipality } from "../geo/municipalities.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { AidArrows } from "./AidArrows.tsx";
import { CentreMarkers } from "./CentreMarkers.tsx";
import { ClusterGroup } from "./ClusterGroup.tsx";
import { type FocusRequest, IncidentMarkers } from "./IncidentMarkers.tsx";
import { MunicipalityShapes, stateFill } from "./MunicipalityShapes.tsx";
import type { AidFlow, MunicipalityState } from "./mapState.ts";

/**
 * Above this many markers they are clustered; below, every marker stays on its own (a few markers
 * a kilometre apart, e.g. an incident and its centre, stay separately reachable by keyboard).
 */
export const CROWDED = 30;

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
  const openCentres = centres.filter((c) => c.status === "open");
  const markers = (
    <>
      <IncidentMarkers incidents={incidents} focus={focus} />
      <CentreMarkers centres={openCentres} />
    </>
  );
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
          <MunicipalityShapes municipalities={municipalities} states={states} />
          <AidArrows flows={flows} pointOf={pointOf} nameOf={nameOf} />
          {incidents.length + openCentres.length > CROWDED ? <ClusterGroup>{markers}</ClusterGroup> : markers}
        </MapContainer>
      )}
      <ul className="legend" aria-label={messages.map.legend}>
        {(["none", "management", "deployed"] as const).map((state) => (
          <li key={state}>
            <span className="legend__swatch" style={{ background: stateFill[state] }} aria-hidden="true" />
            {messages.map.states[state]}
          </li>
        ))}
      </ul>
    </section>
  );
}
