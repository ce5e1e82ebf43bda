import { type AuthEnv, requirePrincipal } from "@krisstod/auth";
import { CountyCode, countyBoardOf, NetworkMeeting, RecordNetworkMeetingBody } from "@krisstod/contracts";
import { ForbiddenError, InvalidError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { route } from "../policy.ts";
import { swedishToday } from "../readiness/readiness.routes.ts";
import { actingOn } from "../scope.ts";
import { listNetworkMeetings, recordNetworkMeeting } from "./network-meetings.store.ts";

/**
 * The county network's meetings (Halland: Länsstyrelsen "Planera och sammankalla till
 * arbetsgruppens möten, två halvdagar per år"): recorded by the county board, read by the county.
 */
export function networkMeetingRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .get(
      "/",
      route("network-meetings.read", {
        summary: "The county network's recorded meetings, newest first",
        response: z.array(NetworkMeeting),
      }),
      validate("query", z.object({ county: CountyCode.optional() })),
      async (c) => {
        const county = c.req.valid("query").county ?? requirePrincipal(c).countyCode;
        actingOn(c, "network-meetings.read", { organisationId: "", countyCode: county });
        return c.json(await listNetworkMeetings(db, county));
      },
    )
    .post(
      "/",
      route("network-meetings.write", {
        summary: "Record a meeting of the county's POSOM and PKL network (Länsstyrelsen, who convenes it)",
        response: { status: 201, schema: NetworkMeeting },
      }),
      validate("json", RecordNetworkMeetingBody),
      async (c) => {
        const principal = requirePrincipal(c);
        actingOn(c, "network-meetings.write", { organisationId: "", countyCode: principal.countyCode });
        if (principal.organisationId !== countyBoardOf(principal.countyCode)) {
          throw new ForbiddenError(
            "The network's meetings are convened, and recorded, by the county board (Länsstyrelsen).",
            "county-board-only",
          );
        }
        const body = c.req.valid("json");
        if (body.on > swedishToday()) {
          throw new InvalidError("A meeting cannot be recorded as held on a day still to come.", [
            { field: "on", message: "must not be in the future" },
          ]);
        }
        return c.json(await recordNetworkMeeting(db, context.outbox, principal, body), 201);
      },
    );
}
