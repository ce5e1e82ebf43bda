import type { AuthEnv } from "@krisstod/auth";
import {
  AppendLogbookEntryBody,
  LogbookEntry,
  LogbookKind,
  OrganisationId,
  type Principal,
} from "@krisstod/contracts";
import { ForbiddenError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { actorOf, assertActsFor, route } from "../access.ts";
import { appendEntry, listEntries } from "./logbooks.store.ts";

const IncidentParams = z.object({ incidentId: z.uuid() });
const ListQuery = z.object({
  organisationId: OrganisationId,
  logbook: LogbookKind.optional(),
  personId: z.string().min(1).max(200).optional(),
});

/** A support person (without a lead role) keeps and reads only their own personal logbook. */
function assertOwnBookOnly(actor: Principal, logbook: string | undefined, personId: string | undefined) {
  if (actor.roles.some((r) => r !== "support-person")) return;
  if (logbook !== "personal" || personId !== actor.userId) {
    throw new ForbiddenError("A support person keeps and reads their own logbook only.");
  }
}

/**
 * Enköping: "De stödpersoner som arbetar aktivt under händelsen ska föra egen loggbok." A personal
 * logbook is written by its owner only, whatever their role: nobody writes in another's book.
 */
function assertWritesOwnBook(actor: Principal, logbook: string, personId: string | undefined) {
  if (logbook === "personal" && personId !== undefined && personId !== actor.userId) {
    throw new ForbiddenError("A personal logbook is written by its owner only.");
  }
}

/**
 * Logbook routes. There is deliberately no PUT, PATCH or DELETE: an entry is corrected by a new
 * entry that references it, and the database refuses updates and deletes as well.
 */
export function logbookRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .post(
      "/incidents/:incidentId/logbook-entries",
      route("logbook.append", {
        summary: "Append to a logbook (append-only, timestamped)",
        response: { status: 201, schema: LogbookEntry },
        personalData: true,
      }),
      validate("param", IncidentParams),
      validate("json", AppendLogbookEntryBody),
      async (c) => {
        const body = c.req.valid("json");
        const actor = actorOf(c);
        assertActsFor(actor, body.organisationId, body.countyCode);
        assertOwnBookOnly(actor, body.logbook, body.personId ?? actor.userId);
        assertWritesOwnBook(actor, body.logbook, body.personId);
        const entry = await appendEntry(db, actor, c.req.valid("param").incidentId, body);
        return c.json(entry, 201);
      },
    )
    .get(
      "/incidents/:incidentId/logbook-entries",
      route("logbook.read", {
        summary: "Read a logbook (the ledningsgrupp's, or one's own)",
        response: z.array(LogbookEntry),
        personalData: true,
      }),
      validate("param", IncidentParams),
      validate("query", ListQuery),
      async (c) => {
        const query = c.req.valid("query");
        const actor = actorOf(c);
        assertActsFor(actor, query.organisationId);
        assertOwnBookOnly(actor, query.logbook, query.personId);
        const entries = await listEntries(db, actor, {
          incidentId: c.req.valid("param").incidentId,
          ...query,
        });
        // Logbooks may mention affected people: never cached.
        return c.json(entries);
      },
    );
}
