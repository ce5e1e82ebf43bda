import type { AuthEnv, GuardedEntry } from "@krisstod/auth";
import { declareRoute, requirePrincipal } from "@krisstod/auth";
import { AuditStatus, AuditTrailRow, AuditVerification } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ServiceUnavailableError, validate } from "@krisstod/http";
import { Hono } from "hono";
import { z } from "zod";
import type { AuditWatch } from "./checkpoints.ts";
import { AuditPeriod, auditTrailCsv, listAuditPeriod } from "./export.ts";
import { type AuditTables, appendAudit, listAuditTrail } from "./index.ts";

const ReviewQuery = z.object({
  /** Page on: rows appended before this one (its `id`). */
  beforeId: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * The actions of the routes below, for every service's policy (`...auditReviewPolicy` in its
 * definePolicy): the organisation admin reviews its own organisation's trail in the service,
 * verifies the service's chain against its signed checkpoints, sees the scheduled result and
 * exports a period.
 */
export const auditReviewPolicy = {
  "audit.read": { roles: ["org-admin"] },
  "audit.verify": { roles: ["org-admin"] },
  "audit.export": { roles: ["org-admin"] },
} as const satisfies Record<string, GuardedEntry>;

/**
 * The organisation admin's audit routes, mounted at `/audit`; each service's policy has their
 * actions `audit.read`, `audit.verify` and `audit.export` (auditReviewPolicy):
 * - `GET /` reviews the organisation's trail in this service: reads and writes of its people's
 *   data, and what its own staff read, newest first (page on with `beforeId`). A row shows as soon
 *   as the access commits; `seq`, `prevHash` and `hash` are null until the sealer has chained it.
 * - `GET /verify` verifies the service's whole chain now, against the signed checkpoints, and says
 *   where it breaks (`break.seq`, `break.problem`, `break.detail`).
 * - `GET /status` the latest scheduled verification (the dashboard's alert), without running one.
 * - `GET /export?from=&to=` the organisation's rows of a period as CSV for an auditor, with the
 *   verification's result after them.
 */
export function auditReviewRoutes(db: Database, tables: AuditTables, watch: AuditWatch | undefined) {
  const verify = () => {
    if (!watch) throw new ServiceUnavailableError("This service does not verify its audit trail.");
    return watch.verifyNow();
  };
  return new Hono<AuthEnv>()
    .get(
      "/",
      declareRoute("audit.read", {
        summary: "The organisation's audit trail in this service, newest first",
        response: z.array(AuditTrailRow),
        personalData: true,
      }),
      validate("query", ReviewQuery),
      async (c) => {
        const query = c.req.valid("query");
        const rows = await listAuditTrail(db, tables, {
          organisationId: requirePrincipal(c).organisationId,
          limit: query.limit,
          ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
        });
        return c.json(rows.map((row): AuditTrailRow => ({ ...row, at: row.at.toISOString() })));
      },
    )
    .get(
      "/verify",
      declareRoute("audit.verify", {
        summary: "Verify the whole chain now against its signed checkpoints",
        response: AuditVerification,
      }),
      async (c) => {
        return c.json(await verify());
      },
    )
    .get(
      "/status",
      declareRoute("audit.verify", {
        summary: "The latest scheduled verification, without running one",
        response: AuditStatus,
      }),
      (c) => {
        const latest = watch?.latest();
        return c.json(latest ? { checked: true as const, ...latest } : { checked: false as const });
      },
    )
    .get(
      "/export",
      declareRoute("audit.export", {
        summary: "The organisation's rows of a period as CSV, with the verification after them",
        response: { media: "text/csv" },
        personalData: true,
      }),
      validate("query", AuditPeriod),
      async (c) => {
        const period = c.req.valid("query");
        const principal = requirePrincipal(c);
        const verification = await verify();
        const rows = await db.transaction(async (tx) => {
          const found = await listAuditPeriod(tx, tables, {
            organisationId: principal.organisationId,
            ...period,
          });
          // The export names staff and whose records they opened: it is itself an access to audit.
          await appendAudit(tx, tables, {
            actor: { userId: principal.userId, organisationId: principal.organisationId },
            action: "export",
            subject: {
              kind: "audit-trail",
              id: `${period.from.toISOString()}/${period.to.toISOString()}`,
              organisationId: principal.organisationId,
            },
            reason: `${found.length} rows`,
          });
          return found;
        });
        const name = `granskningslogg-${principal.organisationId}-${period.from.toISOString().slice(0, 10)}-${period.to.toISOString().slice(0, 10)}.csv`;
        c.header("Content-Type", "text/csv; charset=utf-8");
        c.header("Content-Disposition", `attachment; filename="${name}"`);
        c.header(
          "X-Audit-Verification",
          verification.ok ? "ok" : `broken at ${verification.break?.seq ?? "checkpoint"}`,
        );
        return c.body(
          auditTrailCsv(rows, verification, { organisationId: principal.organisationId, ...period }),
        );
      },
    );
}

/** The review routes (`/audit`) as every service mounts them, for a typed client (`hc`). */
export type AuditReviewRoutes = ReturnType<typeof auditReviewRoutes>;
