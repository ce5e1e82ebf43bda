import { z } from "zod";
import type { LatLon, Municipality } from "./municipalities.ts";

/** A named place a user can search for: a municipality or a town. */
export interface Place {
  name: string;
  point: LatLon;
  /** The municipality the place lies in. */
  municipalityCode: string;
}

/** A town or village the map names without tiles (public/geo/places.json, see SOURCE.md). */
export const Town = z.object({
  name: z.string().min(1),
  lat: z.number(),
  lon: z.number(),
  population: z.number().int().nonnegative(),
  /** The seat of a municipality (or of a county): always named on the map. */
  seat: z.boolean(),
  /** Four-digit code of the municipality it lies in. */
  municipality: z.string().regex(/^\d{4}$/),
});
export type Town = z.infer<typeof Town>;

const TownFile = z.object({ source: z.string(), places: z.array(Town) });

export function parseTowns(json: unknown): Town[] {
  return TownFile.parse(json).places;
}

/**
 * The places to search among: the towns, biggest first, then each municipality by its name where
 * no town has that name (Hylte, whose seat is Hyltebruk), at a point inside it.
 */
export function placesOf(municipalities: readonly Municipality[], towns: readonly Town[] = []): Place[] {
  const townPlaces = towns.map((t) => ({
    name: t.name,
    point: [t.lat, t.lon] as LatLon,
    municipalityCode: t.municipality,
  }));
  const named = new Set(towns.map((t) => t.name));
  const areas = municipalities
    .filter((m) => !named.has(m.name))
    .map((m) => ({ name: m.name, point: m.labelPoint, municipalityCode: m.code }));
  return [...townPlaces, ...areas];
}

/** Places whose name starts with (first) or contains the query, ignoring case and accents. */
export function searchPlaces(places: readonly Place[], query: string, limit = 8): Place[] {
  const wanted = fold(query.trim());
  if (wanted.length === 0) return [];
  const starts = places.filter((p) => fold(p.name).startsWith(wanted));
  const contains = places.filter((p) => !starts.includes(p) && fold(p.name).includes(wanted));
  return [...starts, ...contains].slice(0, limit);
}

const fold = (text: string) => text.toLocaleLowerCase("sv-SE").normalize("NFD").replace(/\p{M}/gu, "");

/** The town nearest a point, to describe a clicked place in words ("nära Laholm"). */
export function nearestTown(towns: readonly Town[], [lat, lon]: LatLon): Town | undefined {
  let best: Town | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const scale = Math.cos((lat * Math.PI) / 180);
  for (const town of towns) {
    const distance = (town.lat - lat) ** 2 + ((town.lon - lon) * scale) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = town;
    }
  }
  return best;
}

/** The municipality a point lies in (even-odd rule over each polygon's rings), if any. */
export function municipalityAt(
  municipalities: readonly Municipality[],
  point: LatLon,
): Municipality | undefined {
  return municipalities.find((m) =>
    m.polygons.some((rings) => rings.filter((ring) => inRing(ring, point)).length % 2 === 1),
  );
}

function inRing(ring: readonly LatLon[], [lat, lon]: LatLon): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [latI, lonI] = ring[i] ?? [0, 0];
    const [latJ, lonJ] = ring[j] ?? [0, 0];
    if (latI > lat !== latJ > lat && lon < ((lonJ - lonI) * (lat - latI)) / (latJ - latI) + lonI)
      inside = !inside;
  }
  return inside;
}
