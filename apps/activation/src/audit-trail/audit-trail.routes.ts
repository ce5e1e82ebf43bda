import { listAuditTrail } from "@krisstod/audit";
import type { AuthEnv } from "@krisstod/auth";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { audit } from "../db/schema.ts";
import { principalOf } from "../policy.ts";

const Query = z.object({
  beforeSeq: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * An organisation admin reviews their organisation's trail in this service: reads and writes of
 * its people's data, and what its own staff read, newest first (page on with `beforeSeq`).
 */
export function auditTrailRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>().get("/", validate("query", Query), async (c) => {
    const query = c.req.valid("query");
    const rows = await listAuditTrail(db, audit, {
      organisationId: principalOf(c).organisationId,
      limit: query.limit,
      ...(query.beforeSeq === undefined ? {} : { beforeSeq: query.beforeSeq }),
    });
    c.header("Cache-Control", "no-store");
    return c.json(rows.map((row) => ({ ...row, at: row.at.toISOString() })));
  });
}
