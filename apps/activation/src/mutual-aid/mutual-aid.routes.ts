import type { AuthEnv } from "@krisstod/auth";
import {
  AidAcceptBody,
  type AidContact,
  AidDeclineBody,
  AidDeployBody,
  AidOffer,
  AidOfferBody,
  AidReleaseBody,
  AidRequest,
  AidRequestBody,
  type Principal,
} from "@krisstod/contracts";
import { ForbiddenError, NotFoundError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import type { ActivationParts } from "../parts.ts";
import { actingOrganisation, principalOf, route } from "../policy.ts";
import {
  type AidExchange,
  type AidViewer,
  acceptOffer,
  declineAid,
  deploy,
  findAidRequest,
  listAidRequests,
  mayView,
  offerAid,
  release,
  requestAid,
} from "./mutual-aid.store.ts";

const Params = z.object({ id: z.uuid() });

/** A county observer follows its whole county; everyone else acts for their organisation. */
function viewerOf(principal: Principal): AidViewer {
  const observesOnly = principal.roles.every((role) => role === "county-observer");
  return observesOnly ? { countyCode: principal.countyCode } : { organisationId: principal.organisationId };
}

/** The contact given, or the signed-in user by name. */
function contactOf(principal: Principal, given: AidContact | undefined): AidContact {
  return given ?? { name: principal.name, phone: "", email: "" };
}

/** The county whose mutual aid crosses to other counties' deployments, when configured (env.ts). */
export function aidExchangeOf(parts: Pick<ActivationParts, "env">): AidExchange | undefined {
  const { COUNTY_CODE, MUTUAL_AID_HUB_DOMAIN } = parts.env;
  return MUTUAL_AID_HUB_DOMAIN && COUNTY_CODE ? { countyCode: COUNTY_CODE } : undefined;
}

/**
 * The acting organisation is the signed-in user's; the store checks it is the asker, one asked,
 * or the offering organisation, as each step needs. Requests carry person ids, never names or
 * contact details.
 */
export function mutualAidRoutes(context: ServiceContext, parts: Pick<ActivationParts, "env">) {
  const { db } = context.database;
  const { outbox } = context;
  const exchange = aidExchangeOf(parts);
  return new Hono<AuthEnv>()
    .post(
      "/requests",
      route("mutual-aid.request", {
        summary: "Ask neighbours (or the county) for support persons",
        response: { status: 201, schema: AidRequest },
      }),
      validate("json", AidRequestBody),
      async (c) => {
        const body = c.req.valid("json");
        const principal = principalOf(c);
        const organisationId = actingOrganisation(principal, body.organisationId);
        const contact = contactOf(principal, body.contact);
        const request = await requestAid(db, outbox, { ...body, organisationId, contact }, exchange);
        return c.json(request, 201, { Location: `/mutual-aid/requests/${request.id}` });
      },
    )
    .get(
      "/requests",
      route("mutual-aid.list", {
        summary: "Requests for help the caller's organisation sees",
        response: z.array(AidRequest),
      }),
      async (c) => c.json(await listAidRequests(db, viewerOf(principalOf(c)))),
    )
    .get(
      "/requests/:id",
      route("mutual-aid.list", { summary: "One request for help with its offers", response: AidRequest }),
      validate("param", Params),
      async (c) => {
        const request = await findAidRequest(db, c.req.valid("param").id);
        if (!request) throw new NotFoundError("No such request.");
        if (!mayView(request, viewerOf(principalOf(c)))) {
          throw new ForbiddenError("This request was neither made by nor addressed to your organisation.");
        }
        return c.json(request);
      },
    )
    .post(
      "/requests/:id/offers",
      route("mutual-aid.offer", {
        summary: "Offer support persons to a request",
        response: { status: 201, schema: AidOffer },
      }),
      validate("param", Params),
      validate("json", AidOfferBody),
      async (c) => {
        const body = c.req.valid("json");
        const principal = principalOf(c);
        const organisationId = actingOrganisation(principal, body.organisationId);
        const lead = contactOf(principal, body.lead);
        const id = c.req.valid("param").id;
        return c.json(await offerAid(db, outbox, id, { ...body, organisationId, lead }, exchange), 201);
      },
    )
    .post(
      "/requests/:id/decline",
      route("mutual-aid.offer", {
        summary: "Answer a request: the organisation cannot help",
        response: { status: 201, schema: AidOffer },
      }),
      validate("param", Params),
      validate("json", AidDeclineBody),
      async (c) => {
        const body = c.req.valid("json");
        const organisationId = actingOrganisation(principalOf(c), body.organisationId);
        const id = c.req.valid("param").id;
        const input = { note: body.note, organisationId };
        return c.json(await declineAid(db, outbox, id, input, exchange), 201);
      },
    )
    .post(
      "/offers/:id/accept",
      route("mutual-aid.accept", { summary: "Accept an offer (the asker)", response: AidOffer }),
      validate("param", Params),
      validate("json", AidAcceptBody),
      async (c) => {
        const organisationId = actingOrganisation(principalOf(c), c.req.valid("json").organisationId);
        return c.json(await acceptOffer(db, outbox, c.req.valid("param").id, organisationId));
      },
    )
    .post(
      "/offers/:id/deployments",
      route("mutual-aid.deploy", {
        summary: "Deploy the offered people",
        response: AidOffer,
        personalData: true,
      }),
      validate("param", Params),
      validate("json", AidDeployBody),
      async (c) => {
        const body = c.req.valid("json");
        const organisationId = actingOrganisation(principalOf(c), body.organisationId);
        return c.json(await deploy(db, outbox, c.req.valid("param").id, { ...body, organisationId }), 201);
      },
    )
    .post(
      "/offers/:id/release",
      route("mutual-aid.release", { summary: "Release deployed people", response: AidOffer }),
      validate("param", Params),
      validate("json", AidReleaseBody),
      async (c) => {
        const organisationId = actingOrganisation(principalOf(c), c.req.valid("json").organisationId);
        return c.json(await release(db, outbox, c.req.valid("param").id, organisationId));
      },
    );
}
