import { describe, expect, it } from "vitest";
import { placesOf, searchPlaces } from "../src/geo/places.ts";
import { spreadOverlapping } from "../src/map/declutter.ts";

const placed = (points: { id: string; x: number; y: number }[], distance: number) => {
  const offsets = spreadOverlapping(points, distance);
  return points.map((p) => {
    const [dx, dy] = offsets.get(p.id) ?? [Number.NaN, Number.NaN];
    return { id: p.id, x: p.x + dx, y: p.y + dy };
  });
};
const closestPair = (points: { x: number; y: number }[]) => {
  let closest = Number.POSITIVE_INFINITY;
  for (const [i, a] of points.entries()) {
    for (const b of points.slice(i + 1)) closest = Math.min(closest, Math.hypot(a.x - b.x, a.y - b.y));
  }
  return closest;
};

describe("markers that would cover each other", () => {
  it("leaves a marker with room of its own where it is", () => {
    expect([
      ...spreadOverlapping(
        [
          { id: "a", x: 10, y: 10 },
          { id: "b", x: 100, y: 10 },
        ],
        26,
      ),
    ]).toEqual([
      ["a", [0, 0]],
      ["b", [0, 0]],
    ]);
  });

  it("sets markers at the same spot a marker's room apart", () => {
    for (const count of [2, 3, 5, 12]) {
      const points = Array.from({ length: count }, (_, i) => ({ id: `m${i}`, x: 200, y: 200 }));
      expect(closestPair(placed(points, 26)), `${count} markers`).toBeGreaterThanOrEqual(25);
    }
  });

  it("spreads a chain of close markers as one group, around its middle", () => {
    const chain = [0, 15, 30, 45].map((x, i) => ({ id: `c${i}`, x: 100 + x, y: 50 }));
    const spread = placed(chain, 26);
    expect(closestPair(spread)).toBeGreaterThanOrEqual(25);
    const middle = spread.reduce((sum, p) => sum + p.x, 0) / spread.length;
    expect(Math.abs(middle - 122.5)).toBeLessThan(2);
  });
});

describe("place search", () => {
  const places = placesOf(
    [],
    [
      { name: "Halmstad", lat: 56.67, lon: 12.86, population: 66124, seat: true, municipality: "1380" },
      {
        name: "Halmstad flygplats",
        lat: 56.69,
        lon: 12.82,
        population: 1000,
        seat: false,
        municipality: "1380",
      },
      { name: "Söndrum", lat: 56.66, lon: 12.8, population: 1200, seat: false, municipality: "1380" },
      { name: "Åled", lat: 56.74, lon: 12.95, population: 1690, seat: false, municipality: "1380" },
    ],
  );
  it("finds names that start with what was typed first, ignoring case and diacritics", () => {
    expect(searchPlaces(places, "hal").map((p) => p.name)).toEqual(["Halmstad", "Halmstad flygplats"]);
    expect(searchPlaces(places, "aled").map((p) => p.name)).toEqual(["Åled"]);
    expect(searchPlaces(places, "drum").map((p) => p.name)).toEqual(["Söndrum"]);
    expect(searchPlaces(places, "  ")).toEqual([]);
  });
});
