import { ReunificationMatchBody, ReunificationSearchBody } from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { type PrincipalEnv, principalOf } from "../auth/identify.ts";
import { authorize } from "../auth/policy.ts";
import { noStore } from "../http/no-store.ts";
import { recordMatch, searchVisitors } from "./reunification.store.ts";

/** Mounted at /reunification. Searches answer with personal data: `no-store`, audited. */
export function reunificationRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<PrincipalEnv>()
    .use(noStore)
    .post(
      "/searches",
      authorize("reunification.search"),
      validate("json", ReunificationSearchBody),
      async (c) => c.json({ candidates: await searchVisitors(db, principalOf(c), c.req.valid("json")) }),
    )
    .post(
      "/matches",
      authorize("reunification.match"),
      validate("json", ReunificationMatchBody),
      async (c) => {
        const { seekerVisitorId, foundVisitorId } = c.req.valid("json");
        return c.json(await recordMatch(db, principalOf(c), seekerVisitorId, foundVisitorId), 201);
      },
    );
}
