import { z } from "zod";
import { IsoDateTime } from "./ids.ts";

/** Why a verification of an audit trail failed (see @krisstod/audit/checkpoints). */
export const AuditTrailProblem = z.enum([
  /** A row's content no longer matches its own hash. */
  "changed",
  /** A chain position is missing (a row, or the newest rows a checkpoint signed, were deleted). */
  "removed",
  /** A row's prev_hash is not the previous row's hash. */
  "relinked",
  /** A row's hash is not the one signed in a checkpoint: changed and the chain recomputed. */
  "differs-from-checkpoint",
  /** A checkpoint that does not verify under the service's key, or contradicts another. */
  "bad-checkpoint",
]);
export type AuditTrailProblem = z.infer<typeof AuditTrailProblem>;

/** `GET /audit/verify` of each service: its whole chain checked against its signed checkpoints. */
export const AuditVerification = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  /** Sealed rows that verified (up to the break, if any). */
  rows: z.number().int(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  /** Rows appended but not yet sealed into the chain. */
  unsealed: z.number().int(),
  checkpoints: z.object({
    /** False when the service has no signing key: only the unkeyed chain was checked. */
    configured: z.boolean(),
    count: z.number().int(),
    /** The last chain position a signed checkpoint covers (0: none). */
    coveredTo: z.number().int(),
    lastAt: z.string().nullable(),
  }),
  /** Sealed rows after the last checkpoint: only the chain's own hashes vouch for them yet. */
  notYetCheckpointed: z.number().int(),
  /** The first thing found wrong: the chain position (null for a bad checkpoint) and why. */
  break: z
    .object({ seq: z.number().int().nullable(), problem: AuditTrailProblem, detail: z.string() })
    .optional(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

/** `GET /audit/status`: the latest scheduled verification, or `checked: false` before the first. */
export const AuditStatus = z.union([
  AuditVerification.extend({ checked: z.literal(true) }),
  z.object({ checked: z.literal(false) }),
]);
export type AuditStatus = z.infer<typeof AuditStatus>;

/** What was done with the record: `read`, `write`, `search` (a reunification search) or `export`. */
export const AuditAction = z.enum(["read", "write", "search", "export"]);
export type AuditAction = z.infer<typeof AuditAction>;

/**
 * `GET /audit`: one row of the organisation's trail, newest first. `seq`, `prevHash` and `hash` are
 * null until the sealer has chained the row (shortly after it commits).
 */
export const AuditTrailRow = z.object({
  /** Insertion order; page on with `beforeId`. */
  id: z.number().int(),
  seq: z.number().int().nullable(),
  at: IsoDateTime,
  actorUserId: z.string(),
  actorOrganisationId: z.string(),
  action: AuditAction,
  subjectKind: z.string(),
  subjectId: z.string(),
  subjectOrganisationId: z.string(),
  incidentId: z.uuid().nullable(),
  reason: z.string().nullable(),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditTrailRow = z.infer<typeof AuditTrailRow>;

const MAX_AUDIT_PERIOD_DAYS = 3_660;

const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value));

/** The period of `GET /audit/export`: `from` (inclusive) and `to` (exclusive), ISO dates or date-times. */
export const AuditPeriod = z
  .object({ from: instant, to: instant })
  .refine((p) => p.from < p.to, { path: ["to"], message: "must be after from" })
  .refine((p) => p.to.getTime() - p.from.getTime() <= MAX_AUDIT_PERIOD_DAYS * 86_400_000, {
    path: ["to"],
    message: `the period may be at most ${MAX_AUDIT_PERIOD_DAYS} days`,
  });
/** The period as the service reads it: two instants. */
export type AuditPeriod = z.output<typeof AuditPeriod>;
