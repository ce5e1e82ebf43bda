import { z } from "zod";
import { CountyCode, OrganisationId } from "./ids.ts";

/**
 * What a person may be in Krisstöd. A role always holds within one organisation (the principal's);
 * which role may do what is each service's policy table, not this list.
 */
export const Role = z.enum([
  /** Länsstyrelsen (county board) and its TiB: the regional picture, counts only. */
  "county-observer",
  /** Region's tjänsteman i beredskap: activates PKL together with the psychiatry lead. */
  "region-tib",
  /** PKL lead in the region. */
  "pkl-lead",
  /** Municipal POSOM lead (samordnare / POSOM-ansvarig). */
  "posom-lead",
  /** Member of the POSOM (or PKL) ledningsgrupp. */
  "ledningsgrupp",
  /** A function authorised to activate (kommunchef, förvaltningschef, räddningsledare …). */
  "activator",
  /** Stödperson: answers call-outs, keeps a logbook. */
  "support-person",
  /** Staff working in a support centre (registers visitors). */
  "centre-staff",
  /** Administers its organisation: rosters, authorised activators, reviews the audit trail. */
  "org-admin",
  /**
   * MSB's national observer: the national picture (counts by county and organisation) and nothing
   * else; no county's own screens, so it is left out of `countyRoles`.
   */
  "national-observer",
]);
export type Role = z.infer<typeof Role>;

/** Every role of a county's organisations: what "every role may see its county's …" means. */
export const countyRoles: readonly Role[] = Role.options.filter((role) => role !== "national-observer");

/** Who is asking: one verified access token, mapped to our terms. */
export const Principal = z.object({
  userId: z.string().min(1),
  name: z.string().min(1),
  organisationId: OrganisationId,
  countyCode: CountyCode,
  roles: z.array(Role),
});
export type Principal = z.infer<typeof Principal>;

/** A seeded user of the development issuer, as the dashboard's sign-in lists them. */
export const DemoUser = Principal.extend({
  organisationName: z.string(),
  /** The person's function, in Swedish, e.g. "Kommunchef". */
  title: z.string(),
});
export type DemoUser = z.infer<typeof DemoUser>;

/** Development sign-in: pick a demo user. */
export const DemoTokenRequest = z.object({ userId: z.string().min(1).max(200) });
export type DemoTokenRequest = z.infer<typeof DemoTokenRequest>;

/** OAuth 2.0 token response (RFC 6749 §5.1) field names, so any OIDC client code can read it. */
export const TokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int().positive(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;
