import type { AuthEnv } from "@krisstod/auth";
import { FaithAnswerBody, FaithRequest, FaithRequestBody } from "@krisstod/contracts";
import { ForbiddenError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { principalOf, route } from "../policy.ts";
import { answerFaithRequest, listFaithRequests, requestFaithCommunities } from "./faith-requests.store.ts";

const Params = z.object({ id: z.uuid() });

/**
 * Contacts with faith communities go through Länsstyrelsen's TiB (Halland "Kontakter med
 * trossamfund kan fås via Länsstyrelsens TiB"): a municipality's POSOM or the region's PKL asks,
 * the county board's TiB reads and answers, the asker reads the answer. The acting organisation is
 * always the signed-in user's.
 */
export function faithRequestRoutes(context: ServiceContext) {
  const { db } = context.database;
  const { outbox } = context;
  return new Hono<AuthEnv>()
    .post(
      "/",
      route("faith-request.make", {
        summary: "Ask Länsstyrelsen's TiB for contact with faith communities, or to convene them",
        response: { status: 201, schema: FaithRequest },
      }),
      validate("json", FaithRequestBody),
      async (c) => {
        const principal = principalOf(c);
        const request = await requestFaithCommunities(
          db,
          outbox,
          principal.organisationId,
          c.req.valid("json"),
        );
        return c.json(request, 201, { Location: `/faith-requests/${request.id}` });
      },
    )
    .get(
      "/",
      route("faith-request.list", {
        summary: "The requests the caller's organisation made, or (a county board) those made to it",
        response: z.array(FaithRequest),
      }),
      async (c) => c.json(await listFaithRequests(db, principalOf(c).organisationId)),
    )
    .post(
      "/:id/answer",
      route("faith-request.answer", {
        summary: "Länsstyrelsen's TiB answers a request for faith communities, once",
        response: FaithRequest,
      }),
      validate("param", Params),
      validate("json", FaithAnswerBody),
      async (c) => {
        const principal = principalOf(c);
        if (!principal.organisationId.startsWith("lansstyrelsen-")) {
          throw new ForbiddenError("Only Länsstyrelsen's TiB answers.", "county-board-only");
        }
        return c.json(
          await answerFaithRequest(
            db,
            outbox,
            principal.organisationId,
            c.req.valid("param").id,
            c.req.valid("json"),
          ),
        );
      },
    );
}
