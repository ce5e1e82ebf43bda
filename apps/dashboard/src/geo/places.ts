import type { LatLon, Municipality } from "./municipalities.ts";

/** A named place a user can search for: for now the county's municipalities (public/geo). */
export interface Place {
  name: string;
  point: LatLon;
  /** The municipality the place lies in. */
  municipalityCode: string;
}

export function placesOf(municipalities: readonly Municipality[]): Place[] {
  return municipalities.map((m) => ({ name: m.name, point: m.labelPoint, municipalityCode: m.code }));
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
