import { countyOfOrganisation } from "@krisstod/contracts";

/** The county an organisation belongs to (countyOfOrganisation), or `otherwise` when its id names none. */
export function countyOf(organisationId: string, otherwise: string): string {
  return countyOfOrganisation(organisationId) ?? otherwise;
}

export function isRegion(organisationId: string): boolean {
  return organisationId.startsWith("region-");
}
