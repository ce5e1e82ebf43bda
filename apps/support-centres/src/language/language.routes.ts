import { type AuthEnv, requirePrincipal } from "@krisstod/auth";
import { LanguageNeeds } from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { route } from "../policy.ts";
import { languageNeeds } from "./language-help.ts";
import type { RosterLanguages } from "./roster-languages.ts";

const CentreParams = z.object({ id: z.uuid() });

/** Mounted at /centres/:id/language-needs: which languages the visitors still here need. `no-store`. */
export function languageNeedsRoutes(context: ServiceContext, roster: RosterLanguages) {
  const { db } = context.database;
  return new Hono<AuthEnv>().get(
    "/",
    route("visitors.language-needs", {
      summary: "Languages the visitors still at the centre need, and who on staff speaks them",
      response: LanguageNeeds,
    }),
    validate("param", CentreParams),
    async (c) => c.json(await languageNeeds(db, roster, requirePrincipal(c), c.req.valid("param").id)),
  );
}
