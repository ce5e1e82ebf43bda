import { type AuthEnv, requirePrincipal } from "@krisstod/auth";
import { FollowUpEntry } from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { route } from "../policy.ts";
import { followUpList } from "./followup.store.ts";

const FollowUpQuery = z.object({ incidentId: z.uuid() });

/** Mounted at /follow-up. Personal data: `no-store`, audited. */
export function followUpRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>().get(
    "/",
    route("follow-up.list", {
      summary: "Registered visitors of an incident to follow up, with contact details",
      response: z.array(FollowUpEntry),
      personalData: true,
    }),
    validate("query", FollowUpQuery),
    async (c) => c.json(await followUpList(db, requirePrincipal(c), c.req.valid("query").incidentId)),
  );
}
