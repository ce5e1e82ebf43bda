import type { AuthEnv } from "@krisstod/auth";
import { requirePrincipal } from "@krisstod/auth";
import type { Database } from "@krisstod/db";
import { validate } from "@krisstod/http";
import { Hono } from "hono";
import { z } from "zod";
import { type AuditTables, listAuditTrail } from "./index.ts";

const ReviewQuery = z.object({
  /** Page on: rows appended before this one (its `id`). */
  beforeId: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * `GET /` for an organisation admin to review their organisation's trail in a service: reads and
 * writes of its people's data, and what its own staff read, newest first (page on with
 * `beforeId`). A row shows as soon as the access commits; `seq`, `prevHash` and `hash` are null until
 * the sealer has chained it, a moment later. Mount it at `/audit` and give `org-admin` the route in the service's policy.
 */
export function auditReviewRoutes(db: Database, tables: AuditTables) {
  return new Hono<AuthEnv>().get("/", validate("query", ReviewQuery), async (c) => {
    const query = c.req.valid("query");
    const rows = await listAuditTrail(db, tables, {
      organisationId: requirePrincipal(c).organisationId,
      limit: query.limit,
      ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
    });
    c.header("Cache-Control", "no-store");
    return c.json(rows.map((row) => ({ ...row, at: row.at.toISOString() })));
  });
}
