import type { FullRegionalPicture, PictureIncident } from "@krisstod/contracts";
import type { SignedInUser } from "../auth/session.ts";
import { activeIncidents } from "../picture/pictureCache.ts";

/**
 * The open incidents a user's organisation works on: its own, those affecting its municipality,
 * and for the region every incident of the county (PKL serves them all).
 */
export function incidentsFor(
  user: SignedInUser,
  picture: FullRegionalPicture | undefined,
): PictureIncident[] {
  const municipalityCode = user.organisationId.startsWith("kommun-")
    ? user.organisationId.slice(7)
    : undefined;
  return activeIncidents(picture).filter(
    (incident) =>
      incident.organisationId === user.organisationId ||
      (municipalityCode !== undefined && incident.affectedMunicipalities.includes(municipalityCode)) ||
      user.organisationId.startsWith("region-") ||
      user.organisationId.startsWith("lansstyrelsen-"),
  );
}
