import type { AuthEnv } from "@krisstod/auth";
import {
  AuthorisedFunctionsBody,
  CountyCode,
  CreateOrganisationBody,
  NeighboursBody,
  Organisation,
  OrganisationId,
  UpdateOrganisationBody,
} from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { route } from "../policy.ts";
import { actingOn, orgResource } from "../scope.ts";
import {
  createOrganisation,
  listOrganisations,
  requireOrganisation,
  setAuthorisedFunctions,
  setNeighbours,
  updateOrganisation,
} from "./organisations.store.ts";

export const OrganisationParams = z.object({ id: OrganisationId });

export function organisationRoutes(context: ServiceContext) {
  const { db } = context.database;
  const { outbox } = context;
  return new Hono<AuthEnv>()
    .get(
      "/",
      route("organisations.read", {
        summary: "Organisations (optionally of one county)",
        response: z.array(Organisation),
      }),
      validate("query", z.object({ county: CountyCode.optional() })),
      async (c) => {
        return c.json(await listOrganisations(db, { countyCode: c.req.valid("query").county }));
      },
    )
    .post(
      "/",
      route("organisations.create", {
        summary: "Register an organisation",
        response: { status: 201, schema: Organisation },
      }),
      validate("json", CreateOrganisationBody),
      async (c) => {
        const body = c.req.valid("json");
        actingOn(c, "organisations.create", { organisationId: body.id, countyCode: body.countyCode });
        const organisation = await createOrganisation(db, outbox, body);
        return c.json(organisation, 201, { Location: `/organisations/${organisation.id}` });
      },
    )
    .get(
      "/:id",
      route("organisations.read", {
        summary: "One organisation, with its neighbours and authorised activators' functions",
        response: Organisation,
      }),
      validate("param", OrganisationParams),
      async (c) => {
        return c.json(await requireOrganisation(db, c.req.valid("param").id));
      },
    )
    .patch(
      "/:id",
      route("organisations.update", { summary: "Change an organisation's details", response: Organisation }),
      validate("param", OrganisationParams),
      validate("json", UpdateOrganisationBody),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        actingOn(c, "organisations.update", orgResource(organisation));
        return c.json(await updateOrganisation(db, outbox, organisation.id, c.req.valid("json")));
      },
    )
    .put(
      "/:id/neighbours",
      route("organisations.update", {
        summary: "Set the neighbours asked first for help and as fallback",
        response: Organisation,
      }),
      validate("param", OrganisationParams),
      validate("json", NeighboursBody),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        actingOn(c, "organisations.update", orgResource(organisation));
        return c.json(await setNeighbours(db, outbox, organisation.id, c.req.valid("json").neighbours));
      },
    )
    .put(
      "/:id/authorised-functions",
      route("organisations.update", {
        summary: "Set the functions authorised to activate POSOM or PKL",
        response: Organisation,
      }),
      validate("param", OrganisationParams),
      validate("json", AuthorisedFunctionsBody),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        actingOn(c, "organisations.update", orgResource(organisation));
        return c.json(
          await setAuthorisedFunctions(db, outbox, organisation.id, c.req.valid("json").functions),
        );
      },
    );
}
