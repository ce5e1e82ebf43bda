import type { AuthEnv } from "@krisstod/auth";
import {
  AttendeesBody,
  CompetencePlan,
  CompetenceProfiles,
  CreateTrainingBody,
  IsoDate,
  TrainingListed,
  TrainingWithAttendees,
} from "@krisstod/contracts";
import { validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { levelNames, levelOrder, profileItems } from "../competence/profiles.ts";
import { OrganisationParams } from "../organisations/organisations.routes.ts";
import { requireOrganisation } from "../organisations/organisations.store.ts";
import { route } from "../policy.ts";
import { actingOn, orgResource } from "../scope.ts";
import {
  addAttendees,
  competencePlan,
  createTraining,
  findTraining,
  listTrainings,
} from "./trainings.store.ts";

export function trainingRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .post(
      "/",
      route("trainings.write", {
        summary: "Record a training or exercise",
        response: { status: 201, schema: TrainingWithAttendees },
      }),
      validate("json", CreateTrainingBody),
      async (c) => {
        const body = c.req.valid("json");
        const organisation = await requireOrganisation(db, body.organisationId);
        actingOn(c, "trainings.write", orgResource(organisation));
        const training = await createTraining(db, context.outbox, organisation.countyCode, body);
        return c.json(training, 201, { Location: `/trainings/${training.id}` });
      },
    )
    .post(
      "/:id/attendees",
      route("trainings.write", {
        summary: "Record who attended a training",
        response: TrainingWithAttendees,
      }),
      validate("param", z.object({ id: z.uuid() })),
      validate("json", AttendeesBody),
      async (c) => {
        const training = await findTraining(db, c.req.valid("param").id);
        const organisation = await requireOrganisation(db, training.organisationId);
        actingOn(c, "trainings.write", orgResource(organisation));
        return c.json(
          await addAttendees(
            db,
            context.outbox,
            organisation.countyCode,
            training,
            c.req.valid("json").personIds,
          ),
        );
      },
    );
}

export function organisationTrainingRoutes(context: ServiceContext) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .get(
      "/:id/trainings",
      route("trainings.read", {
        summary: "Trainings and exercises of the organisation",
        response: z.array(TrainingListed),
      }),
      validate("param", OrganisationParams),
      validate("query", z.object({ from: IsoDate.optional(), to: IsoDate.optional() })),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        actingOn(c, "trainings.read", orgResource(organisation));
        const { from, to } = c.req.valid("query");
        return c.json(
          await listTrainings(db, organisation.id, { ...(from ? { from } : {}), ...(to ? { to } : {}) }),
        );
      },
    )
    .get(
      "/:id/competence-plan",
      route("trainings.read", {
        summary: "Competence plan: who needs which training",
        response: CompetencePlan,
      }),
      validate("param", OrganisationParams),
      validate("query", z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() })),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        actingOn(c, "trainings.read", orgResource(organisation));
        const year = c.req.valid("query").year ?? new Date().getUTCFullYear();
        return c.json(await competencePlan(db, organisation.id, year));
      },
    );
}

export function competenceProfileRoutes() {
  return new Hono<AuthEnv>().get(
    "/",
    route("competence-profiles.read", {
      summary: "The county's competence profiles (ledningsgrupp 5 items, stödperson 4)",
      response: CompetenceProfiles,
    }),
    (c) =>
      c.json({
        levels: levelOrder.map((id) => ({ id, name: levelNames[id] })),
        items: [...profileItems],
      } satisfies CompetenceProfiles),
  );
}
