import { countyName } from "./counties.ts";

/**
 * A readable name for an organisation id (`kommun-1380`, `region-13`, `lansstyrelsen-13`), from
 * the municipality names shipped with the map; the id itself when it is of another kind.
 */
export function organisationName(id: string, municipalityNames: ReadonlyMap<string, string>): string {
  const [kind, code = ""] = id.split("-", 2);
  switch (kind) {
    case "kommun":
      return municipalityNames.get(code) ?? id;
    case "region":
      // "Hallands län" → "Region Halland" (the genitive s goes; Jämtland Härjedalen is the exception).
      return `Region ${countyName(code).replace(/s? län$/, "")}`;
    case "lansstyrelsen":
      return `Länsstyrelsen ${countyName(code)}`;
    case "msb":
      return "MSB";
    default:
      return id;
  }
}
