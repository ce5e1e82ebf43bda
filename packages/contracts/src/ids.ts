import { z } from "zod";

/** Organisation ids are stable slugs, safe as NATS subject tokens (no dots, no wildcards). */
export const OrganisationId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "must be lower-case letters, digits and dashes");
export type OrganisationId = z.infer<typeof OrganisationId>;

/** Two-digit Swedish county code (län), e.g. "13" for Hallands län. */
export const CountyCode = z.string().regex(/^\d{2}$/, "must be a two-digit county code");
export type CountyCode = z.infer<typeof CountyCode>;

/**
 * The county an organisation id names: a municipality code starts with its county code
 * (kommun-1380 → 13, kommun-1278 Båstad → 12), regions and county boards carry it (region-13,
 * lansstyrelsen-13 → 13); undefined for any other organisation (police, partners …).
 */
export function countyOfOrganisation(organisationId: string): string | undefined {
  const municipality = /^kommun-(\d{2})\d{2}$/.exec(organisationId);
  if (municipality) return municipality[1];
  return /^(?:region|lansstyrelsen)-(\d{2})$/.exec(organisationId)?.[1];
}

/** The county board (Länsstyrelsen) of a county: its settings' admin, keeper of county-wide lists. */
export const countyBoardOf = (countyCode: string) => `lansstyrelsen-${countyCode}`;

/** Four-digit Swedish municipality code, e.g. "1380" for Halmstad. */
export const MunicipalityCode = z.string().regex(/^\d{4}$/, "must be a four-digit municipality code");
export type MunicipalityCode = z.infer<typeof MunicipalityCode>;

export const Uuid = z.uuid();
export const IsoDateTime = z.iso.datetime({ offset: true });
