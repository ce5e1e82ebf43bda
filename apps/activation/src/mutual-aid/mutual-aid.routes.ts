import {
  AidAcceptBody,
  AidDeployBody,
  AidOfferBody,
  AidReleaseBody,
  AidRequestBody,
} from "@krisstod/contracts";
import { type AppEnv, NotFoundError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import {
  acceptOffer,
  deploy,
  findAidRequest,
  listAidRequests,
  offerAid,
  release,
  requestAid,
} from "./mutual-aid.store.ts";

const Params = z.object({ id: z.uuid() });
const ListQuery = z.object({ organisationId: z.string().min(2).max(64) });

/** Until auth is wired, the acting organisation comes in the body (see policy.ts). */
export function mutualAidRoutes(context: ServiceContext) {
  const { db } = context.database;
  const { outbox } = context;
  return new Hono<AppEnv>()
    .post("/requests", validate("json", AidRequestBody), async (c) => {
      const request = await requestAid(db, outbox, c.req.valid("json"));
      return c.json(request, 201, { Location: `/mutual-aid/requests/${request.id}` });
    })
    .get("/requests", validate("query", ListQuery), async (c) =>
      c.json(await listAidRequests(db, c.req.valid("query").organisationId)),
    )
    .get("/requests/:id", validate("param", Params), async (c) => {
      const request = await findAidRequest(db, c.req.valid("param").id);
      if (!request) throw new NotFoundError("No such request.");
      return c.json(request);
    })
    .post("/requests/:id/offers", validate("param", Params), validate("json", AidOfferBody), async (c) =>
      c.json(await offerAid(db, outbox, c.req.valid("param").id, c.req.valid("json")), 201),
    )
    .post("/offers/:id/accept", validate("param", Params), validate("json", AidAcceptBody), async (c) =>
      c.json(await acceptOffer(db, outbox, c.req.valid("param").id, c.req.valid("json").organisationId)),
    )
    .post("/offers/:id/deployments", validate("param", Params), validate("json", AidDeployBody), async (c) =>
      c.json(await deploy(db, outbox, c.req.valid("param").id, c.req.valid("json")), 201),
    )
    .post("/offers/:id/release", validate("param", Params), validate("json", AidReleaseBody), async (c) =>
      c.json(await release(db, outbox, c.req.valid("param").id, c.req.valid("json").organisationId)),
    );
}
