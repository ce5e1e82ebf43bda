import { z } from "zod";

/**
 * Who is acting. Mirrors the planned `Principal` of `@krisstod/auth` (organisation + roles); once
 * that package lands this file re-exports its type.
 */
export const Role = z.enum([
  "county-observer",
  "region-tib",
  "pkl-lead",
  "posom-lead",
  "ledningsgrupp",
  "activator",
  "support-person",
  "centre-staff",
  "org-admin",
]);
export type Role = z.infer<typeof Role>;

export const Principal = z.object({
  userId: z.string().min(1),
  name: z.string().min(1),
  organisationId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  countyCode: z.string().regex(/^\d{2}$/),
  roles: z.array(Role),
});
export type Principal = z.infer<typeof Principal>;
