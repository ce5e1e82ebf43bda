import { readFileSync } from "node:fs";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { Feature, MultiPolygon, Polygon } from "geojson";

/**
 * Which municipality a point lies in, from the boundaries shipped with the service (geo/SOURCE.md).
 * The file sits beside `drizzle/` in the repository and in the bundle (scripts/bundle-service.mjs),
 * so this module (src/ here, dist/ there) finds it one folder up either way.
 */
const boundariesFile = new URL("../geo/swedish_municipalities.geojson", import.meta.url);

interface Municipality {
  code: string;
  feature: Feature<Polygon | MultiPolygon>;
  /** [minLon, minLat, maxLon, maxLat]: most points are outside most municipalities' boxes. */
  box: [number, number, number, number];
}

let loaded: Municipality[] | undefined;

function municipalities(): Municipality[] {
  if (loaded) return loaded;
  const collection = JSON.parse(readFileSync(boundariesFile, "utf8")) as {
    features: (Feature<Polygon | MultiPolygon> & { properties: { id: string | number } })[];
  };
  loaded = collection.features.map((feature) => ({
    code: String(feature.properties.id).padStart(4, "0"),
    feature,
    box: boxOf(feature.geometry),
  }));
  return loaded;
}

function boxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const rings = geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
  const box: [number, number, number, number] = [180, 90, -180, -90];
  for (const ring of rings)
    for (const [lon = 0, lat = 0] of ring) {
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
  return box;
}

/** The four-digit code of the municipality at the point; undefined at sea or abroad. */
export function municipalityAt(point: { lat: number; lon: number }): string | undefined {
  const { lat, lon } = point;
  return municipalities().find(
    ({ box, feature }) =>
      lon >= box[0] &&
      lon <= box[2] &&
      lat >= box[1] &&
      lat <= box[3] &&
      booleanPointInPolygon([lon, lat], feature),
  )?.code;
}
