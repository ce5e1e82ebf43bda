import { z } from "zod";

/** [lat, lon], the order Leaflet takes. */
export type LatLon = [number, number];

const position = z.array(z.number()).min(2);
const ring = z.array(position);
const geometry = z.discriminatedUnion("type", [
  z.object({ type: z.literal("Polygon"), coordinates: z.array(ring) }),
  z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(ring)) }),
]);

/** The shipped file's shape (see public/geo/SOURCE.md); anything else is refused at load. */
const municipalityCollection = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      type: z.literal("Feature"),
      properties: z.object({
        id: z.string().regex(/^\d{4}$/),
        kom_namn: z.string().min(1),
        lan_code: z.string().regex(/^\d{2}$/),
        geo_point_2d: z.tuple([z.number(), z.number()]),
      }),
      geometry,
    }),
  ),
});

export interface Municipality {
  code: string;
  name: string;
  countyCode: string;
  /** A point inside the municipality, where its label goes. */
  labelPoint: LatLon;
  /** Polygons, each a list of rings, each a list of [lat, lon]. */
  polygons: LatLon[][][];
}

// GeoJSON positions are [lon, lat]; Leaflet wants [lat, lon].
const toLatLon = (p: number[]): LatLon => [p[1] ?? 0, p[0] ?? 0];

export function parseMunicipalities(json: unknown): Municipality[] {
  return municipalityCollection.parse(json).features.map(({ properties, geometry }) => {
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return {
      code: properties.id,
      name: properties.kom_namn,
      countyCode: properties.lan_code,
      labelPoint: properties.geo_point_2d,
      polygons: polygons.map((rings) => rings.map((r) => r.map(toLatLon))),
    };
  });
}

/** Bounds as [[south, west], [north, east]] around every point of the given municipalities. */
export function boundsOf(municipalities: readonly Municipality[]): [LatLon, LatLon] | undefined {
  let south = 90;
  let west = 180;
  let north = -90;
  let east = -180;
  for (const municipality of municipalities) {
    for (const polygon of municipality.polygons) {
      for (const [lat, lon] of polygon.flat()) {
        south = Math.min(south, lat);
        north = Math.max(north, lat);
        west = Math.min(west, lon);
        east = Math.max(east, lon);
      }
    }
  }
  return south <= north
    ? [
        [south, west],
        [north, east],
      ]
    : undefined;
}
