import "leaflet/dist/leaflet.css";
import { useId, useMemo, useState } from "react";
import { CircleMarker, MapContainer, useMapEvents, ZoomControl } from "react-leaflet";
import { boundsOf, type LatLon, type Municipality } from "../geo/municipalities.ts";
import { type Place, placesOf, searchPlaces } from "../geo/places.ts";
import { useTowns } from "../geo/useTowns.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { KeepBoundsInView } from "../map/KeepBoundsInView.tsx";
import { MapAttribution } from "../map/MapAttribution.tsx";
import { MunicipalityShapes } from "../map/MunicipalityShapes.tsx";
import { TownLayer } from "../map/TownLayer.tsx";

const noStates = new Map();

/**
 * Where something is (an incident, a support centre): searched by name among the county's towns
 * and municipalities, or clicked on a map of the county that names its towns (no tiles needed).
 * The search is the way by keyboard; the map is the way by pointer. Either calls `onPick` with
 * the point (and the place's name when searched).
 */
export function LocationPicker({
  municipalities,
  point,
  onPick,
  describedBy,
}: {
  municipalities: readonly Municipality[];
  point: LatLon | undefined;
  onPick: (point: LatLon, name?: string) => void;
  describedBy?: string;
}) {
  const { language, messages } = useI18n();
  const t = messages.work.incidents;
  const [query, setQuery] = useState("");
  const codes = useMemo(() => new Set(municipalities.map((m) => m.code)), [municipalities]);
  const towns = useTowns(codes).shown;
  const places = useMemo(() => placesOf(municipalities, towns), [municipalities, towns]);
  const areaName = (code: string) => municipalities.find((m) => m.code === code)?.name;
  // "Veinge (Laholm)"; a town named as its municipality ("Laholm") needs no second name.
  const label = (place: Place) => {
    const area = areaName(place.municipalityCode);
    return area && area !== place.name ? `${place.name} (${area})` : place.name;
  };
  const matches = useMemo(() => searchPlaces(places, query), [places, query]);
  const bounds = useMemo(() => boundsOf(municipalities), [municipalities]);
  const ids = { search: useId(), hint: useId(), matches: useId(), map: useId(), chosen: useId() };
  const choose = (place: Place) => {
    onPick(place.point, place.name);
    setQuery("");
  };

  return (
    <div className="location-picker">
      <label htmlFor={ids.search}>{t.placeSearch}</label>
      <input
        id={ids.search}
        type="search"
        value={query}
        autoComplete="off"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          // Enter picks the first match rather than sending the whole form.
          if (e.key === "Enter" && matches[0]) {
            e.preventDefault();
            choose(matches[0]);
          }
        }}
        aria-describedby={[ids.hint, describedBy].filter(Boolean).join(" ")}
      />
      <p id={ids.hint} className="hint">
        {t.placeSearchHint}
      </p>
      {query.trim() !== "" &&
        (matches.length === 0 ? (
          <p className="hint">{t.noPlaceMatch}</p>
        ) : (
          <ul className="place-matches" aria-label={t.placeMatches}>
            {matches.map((place) => (
              <li key={`${place.municipalityCode}:${place.name}:${place.point.join()}`}>
                <button
                  type="button"
                  className="secondary"
                  aria-label={t.choosePlace(label(place))}
                  onClick={() => choose(place)}
                >
                  {label(place)}
                </button>
              </li>
            ))}
          </ul>
        ))}
      <section aria-labelledby={ids.map} className="location-picker__map">
        <p id={ids.map} className="hint">
          {t.mapHint}
        </p>
        {bounds && (
          <MapContainer
            bounds={bounds}
            boundsOptions={{ padding: [8, 8] }}
            className="map map--picker"
            zoomSnap={0.25}
            maxZoom={18}
            zoomControl={false}
          >
            <ZoomControl
              key={language}
              zoomInTitle={messages.map.zoomIn}
              zoomOutTitle={messages.map.zoomOut}
            />
            <MapAttribution text={messages.map.attribution} />
            <MunicipalityShapes municipalities={municipalities} states={noStates} />
            {towns && <TownLayer towns={towns} />}
            <ClickToPick onPick={(p) => onPick(p)} />
            <KeepBoundsInView bounds={bounds} />
            {point && (
              <CircleMarker
                center={point}
                radius={9}
                pathOptions={{ color: "#a2191f", weight: 3, fillColor: "#fff", fillOpacity: 1 }}
              />
            )}
          </MapContainer>
        )}
      </section>
      <p id={ids.chosen} aria-live="polite" className="location-picker__chosen">
        {point ? t.chosenPlace(point[0].toFixed(4), point[1].toFixed(4)) : t.noPlace}
      </p>
    </div>
  );
}

function ClickToPick({ onPick }: { onPick: (point: LatLon) => void }) {
  useMapEvents({ click: (event) => onPick([event.latlng.lat, event.latlng.lng]) });
  return null;
}
