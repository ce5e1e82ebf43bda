import type { AuthEnv } from "@krisstod/auth";
import { RegionAnswerBody, RegionRequest, RegionRequestBody } from "@krisstod/contracts";
import { ForbiddenError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { isRegion } from "../activations/organisations.ts";
import { principalOf, route } from "../policy.ts";
import { answerRegionRequest, listRegionRequests, requestFromRegion } from "./region-requests.store.ts";

const Params = z.object({ id: z.uuid() });

/**
 * Contacts with the region go through its TIB (Halland "Kontakter med Region Halland sker via
 * TIB"): a municipality's POSOM asks, the region's TIB reads and answers, the municipality reads
 * the answer. The acting organisation is always the signed-in user's.
 */
export function regionRequestRoutes(context: ServiceContext) {
  const { db } = context.database;
  const { outbox } = context;
  return new Hono<AuthEnv>()
    .post(
      "/",
      route("region-request.make", {
        summary: "Ask the region's TIB for BUP, adult psychiatry or PKL staff",
        response: { status: 201, schema: RegionRequest },
      }),
      validate("json", RegionRequestBody),
      async (c) => {
        const principal = principalOf(c);
        const request = await requestFromRegion(db, outbox, principal.organisationId, c.req.valid("json"));
        return c.json(request, 201, { Location: `/region-requests/${request.id}` });
      },
    )
    .get(
      "/",
      route("region-request.list", {
        summary: "A municipality's requests to its region, or the requests made to the caller's region",
        response: z.array(RegionRequest),
      }),
      async (c) => c.json(await listRegionRequests(db, principalOf(c).organisationId)),
    )
    .post(
      "/:id/answer",
      route("region-request.answer", {
        summary: "The region's TIB answers a municipality's request, once",
        response: RegionRequest,
      }),
      validate("param", Params),
      validate("json", RegionAnswerBody),
      async (c) => {
        const principal = principalOf(c);
        if (!isRegion(principal.organisationId)) {
          throw new ForbiddenError("Only the region's TIB answers.", "other-region");
        }
        return c.json(
          await answerRegionRequest(
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
