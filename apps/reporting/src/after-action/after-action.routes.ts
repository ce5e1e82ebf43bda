import type { AuthEnv } from "@krisstod/auth";
import {
  ActivationSummary,
  AfterActionActivation,
  CountyCode,
  CreateEvaluationBody,
  DebriefUpdateBody,
  Evaluation,
  EvaluationOutcome,
  IsoDateTime,
  Lesson,
  OccupationalHealthReferralBody,
  OrganisationId,
  Participant,
  PersonLoad,
  RecordActivationBody,
  RecordCostBody,
  RecordedCost,
  RecordParticipantBody,
  UpdateEvaluationBody,
  YearlyStatistics,
} from "@krisstod/contracts";
import { ForbiddenError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { actorOf, assertActsFor, assertCounty, assertMayRead, route } from "../access.ts";
import {
  activationSummary,
  findActivation,
  findAidGivenRecord,
  listActivations,
  listParticipants,
  offerDebriefs,
  personLoads,
  recordActivation,
  recordCost,
  recordParticipant,
  referToOccupationalHealth,
  sentPeopleTo,
  updateDebrief,
} from "./activations.store.ts";
import { auditPeople } from "./audit-people.ts";
import {
  createEvaluation,
  evaluationOutcome,
  findEvaluation,
  listEvaluations,
  listLessons,
  toEvaluation,
  updateEvaluation,
} from "./evaluations.store.ts";
import { yearlyStatistics } from "./statistics.store.ts";

const ActivationParams = z.object({ activationId: z.uuid() });
const AidRequestParams = z.object({ aidRequestId: z.uuid() });
const PersonParams = ActivationParams.extend({ personId: z.string().min(1).max(200) });
const OrganisationBody = z.object({ organisationId: OrganisationId });
const EvaluationParams = z.object({ id: z.uuid() });
const OrganisationQuery = z.object({ organisationId: OrganisationId });
const LessonsQuery = z.object({ county: CountyCode, since: IsoDateTime.optional() });
const StatisticsQuery = z.object({
  county: CountyCode,
  year: z.coerce.number().int().min(2000).max(2100),
});

/** Evaluation, debriefs, costs and hours after an activation; load and yearly statistics. */
export function afterActionRoutes(context: ServiceContext) {
  const { db } = context.database;
  /** Writes on an activation are the activating organisation's. */
  const ownActivation = async (
    actor: ReturnType<typeof actorOf>,
    activationId: string,
    organisationId: string,
  ) => {
    const activation = await findActivation(db, activationId);
    assertActsFor(actor, organisationId);
    assertActsFor(actor, activation.organisationId);
    return activation;
  };
  return new Hono<AuthEnv>()
    .get(
      "/activations",
      route("after-action.read", {
        summary: "The organisation's activations for the work afterwards",
        response: z.array(AfterActionActivation),
      }),
      validate("query", OrganisationQuery),
      async (c) => {
        const { organisationId } = c.req.valid("query");
        // The organisation's own records (closed activations too), for its after-work.
        assertActsFor(actorOf(c), organisationId);
        return c.json(await listActivations(db, organisationId));
      },
    )
    .put(
      "/activations/:activationId",
      route("after-action.write", {
        summary: "Record an activation's after-work details",
        response: ActivationSummary,
      }),
      validate("param", ActivationParams),
      validate("json", RecordActivationBody),
      async (c) => {
        const body = c.req.valid("json");
        assertActsFor(actorOf(c), body.organisationId, body.countyCode);
        await recordActivation(db, c.req.valid("param").activationId, body);
        return c.json(await activationSummary(db, c.req.valid("param").activationId));
      },
    )
    .put(
      "/activations/:activationId/participants/:personId",
      route("after-action.write", {
        summary: "Record a participant's hours (outside ordinary working time)",
        response: z.array(Participant),
        personalData: true,
      }),
      validate("param", PersonParams),
      validate("json", RecordParticipantBody),
      async (c) => {
        const { activationId, personId } = c.req.valid("param");
        const body = c.req.valid("json");
        // The person may come from a neighbour (mutual aid); the activating organisation records them.
        const activation = await findActivation(db, activationId);
        assertActsFor(actorOf(c), activation.organisationId);
        return c.json(
          await db.transaction(async (tx) => {
            await recordParticipant(tx, activationId, personId, body);
            const list = await listParticipants(tx, activationId);
            await auditPeople(tx, actorOf(c), list, {
              reason: "participants",
              written: personId,
              activationId,
            });
            return list;
          }),
        );
      },
    )
    .get(
      "/activations/:activationId/participants",
      route("after-action.read", {
        summary: "Who took part, with hours and debrief status",
        response: z.array(Participant),
        personalData: true,
      }),
      validate("param", ActivationParams),
      async (c) => {
        const activation = await findActivation(db, c.req.valid("param").activationId);
        assertMayRead(actorOf(c), activation);
        return c.json(
          await db.transaction(async (tx) => {
            const list = await listParticipants(tx, activation.id);
            await auditPeople(tx, actorOf(c), list, { reason: "participants", activationId: activation.id });
            return list;
          }),
        );
      },
    )
    .post(
      "/activations/:activationId/debriefs",
      route("after-action.write", {
        summary: "Offer a debrief conversation (stödsamtal) to everyone who took part",
        response: z.array(Participant),
        personalData: true,
      }),
      validate("param", ActivationParams),
      validate("json", OrganisationBody),
      async (c) => {
        const { activationId } = c.req.valid("param");
        await ownActivation(actorOf(c), activationId, c.req.valid("json").organisationId);
        return c.json(
          await db.transaction(async (tx) => {
            const list = await offerDebriefs(tx, activationId);
            await auditPeople(tx, actorOf(c), list, {
              reason: "debriefs offered",
              written: "all",
              activationId,
            });
            return list;
          }),
        );
      },
    )
    .put(
      "/activations/:activationId/debriefs/:personId",
      route("after-action.write", {
        summary: "Record a person's debrief answer",
        response: Participant,
        personalData: true,
      }),
      validate("param", PersonParams),
      validate("json", DebriefUpdateBody),
      async (c) => {
        const { activationId, personId } = c.req.valid("param");
        const body = c.req.valid("json");
        await ownActivation(actorOf(c), activationId, body.organisationId);
        const at = body.at ? new Date(body.at) : new Date();
        return c.json(
          await db.transaction(async (tx) => {
            const participant = await updateDebrief(tx, activationId, personId, body.status, at);
            await auditPeople(tx, actorOf(c), [participant], {
              reason: "debrief",
              written: "all",
              activationId,
            });
            return participant;
          }),
        );
      },
    )
    .put(
      "/activations/:activationId/debriefs/:personId/occupational-health",
      route("after-action.write", {
        summary: "Record a referral to occupational health (audited)",
        response: Participant,
        personalData: true,
      }),
      validate("param", PersonParams),
      validate("json", OccupationalHealthReferralBody),
      async (c) => {
        const { activationId, personId } = c.req.valid("param");
        const body = c.req.valid("json");
        await ownActivation(actorOf(c), activationId, body.organisationId);
        return c.json(
          await db.transaction(async (tx) => {
            const at = body.at ? new Date(body.at) : new Date();
            const participant = await referToOccupationalHealth(tx, activationId, personId, at);
            await auditPeople(tx, actorOf(c), [participant], {
              reason: "occupational-health referral",
              written: "all",
              activationId,
            });
            return participant;
          }),
        );
      },
    )
    .post(
      "/activations/:activationId/costs",
      route("after-action.write", {
        summary: "Record a cost (premises, food, transport)",
        response: { status: 201, schema: RecordedCost },
      }),
      validate("param", ActivationParams),
      validate("json", RecordCostBody),
      async (c) => {
        const { activationId } = c.req.valid("param");
        const body = c.req.valid("json");
        await ownActivation(actorOf(c), activationId, body.organisationId);
        return c.json(await recordCost(db, activationId, body), 201);
      },
    )
    .get(
      "/activations/:activationId/summary",
      route("after-action.read", {
        summary: "An activation's after-work summary: hours, costs, debriefs",
        response: ActivationSummary,
      }),
      validate("param", ActivationParams),
      async (c) => {
        const summary = await activationSummary(db, c.req.valid("param").activationId);
        assertMayRead(actorOf(c), summary);
        return c.json(summary);
      },
    )
    .get(
      "/activations/:activationId/evaluation-outcome",
      route("evaluation-outcome.read", {
        summary: "The evaluation's outcome, for those who took part",
        response: EvaluationOutcome,
      }),
      validate("param", ActivationParams),
      async (c) => {
        const activation = await findActivation(db, c.req.valid("param").activationId);
        // Laholm 3.7: "Sammankallande ansvarar för alla insatser följs upp och återkopplas till
        // ledningsgruppen och stödpersoner." Everyone of the organisation that worked, and of an
        // organisation that sent it people under mutual aid (they were its support persons too);
        // nobody else sees another organisation's.
        const actor = actorOf(c);
        if (!(await sentPeopleTo(db, activation, actor.organisationId))) {
          assertActsFor(actor, activation.organisationId);
        }
        return c.json(await evaluationOutcome(db, activation));
      },
    )
    .get(
      "/aid-requests/:aidRequestId/evaluation-outcome",
      route("evaluation-outcome.read", {
        summary: "The outcome of the evaluation of help the organisation gave another county",
        response: EvaluationOutcome,
      }),
      validate("param", AidRequestParams),
      async (c) => {
        // People sent to another county's deployment: their own organisation's record of the help
        // it gave under the request (made with their debrief offers) and its evaluation, if any.
        const actor = actorOf(c);
        const record = await findAidGivenRecord(db, c.req.valid("param").aidRequestId, actor.organisationId);
        return c.json(await evaluationOutcome(db, record));
      },
    )
    .post(
      "/evaluations",
      route("after-action.write", {
        summary: "Start an evaluation (jointly when POSOM and PKL worked together)",
        response: { status: 201, schema: Evaluation },
      }),
      validate("json", CreateEvaluationBody),
      async (c) => {
        const body = c.req.valid("json");
        assertActsFor(actorOf(c), body.organisationId);
        return c.json(await createEvaluation(db, body), 201);
      },
    )
    .patch(
      "/evaluations/:id",
      route("after-action.write", {
        summary: "Change an evaluation (lessons, decisions)",
        response: Evaluation,
      }),
      validate("param", EvaluationParams),
      validate("json", UpdateEvaluationBody),
      async (c) => {
        const body = c.req.valid("json");
        const existing = toEvaluation(await findEvaluation(db, c.req.valid("param").id));
        assertActsFor(actorOf(c), body.organisationId);
        // A joint evaluation is written by every organisation that took part, and only by them.
        if (!existing.organisationIds.includes(body.organisationId)) {
          throw new ForbiddenError("Only the organisations evaluated write this evaluation.");
        }
        return c.json(await updateEvaluation(db, existing.id, body));
      },
    )
    .get(
      "/evaluations",
      route("after-action.read", {
        summary: "The organisation's evaluations",
        response: z.array(Evaluation),
      }),
      async (c) => {
        // Evaluations are the evaluated organisations' own (joint ones belong to each of them).
        return c.json(await listEvaluations(db, { organisationId: actorOf(c).organisationId }));
      },
    )
    .get(
      "/support-persons/load",
      route("after-action.read", {
        summary: "How often each support person was called on (load)",
        response: z.array(PersonLoad),
        personalData: true,
      }),
      validate("query", OrganisationQuery),
      async (c) => {
        const { organisationId } = c.req.valid("query");
        assertActsFor(actorOf(c), organisationId);
        return c.json(
          await db.transaction(async (tx) => {
            const loads = await personLoads(tx, organisationId);
            await auditPeople(tx, actorOf(c), loads, { reason: "support-person load" });
            return loads;
          }),
        );
      },
    )
    .get(
      "/lessons",
      route("lessons.read", {
        summary: "Lessons from evaluations, back into the routines",
        response: z.array(Lesson),
      }),
      validate("query", LessonsQuery),
      async (c) => {
        const { county, since } = c.req.valid("query");
        assertCounty(actorOf(c), county);
        return c.json(await listLessons(db, county, since ? new Date(since) : undefined));
      },
    )
    .get(
      "/statistics",
      route("statistics.read", {
        summary: "Yearly statistics (counts suppressed below 5 outside the organisation)",
        response: YearlyStatistics,
      }),
      validate("query", StatisticsQuery),
      async (c) => {
        const { county, year } = c.req.valid("query");
        const actor = actorOf(c);
        assertCounty(actor, county);
        return c.json(await yearlyStatistics(db, county, year, actor));
      },
    );
}
