import type { AuthEnv } from "@krisstod/auth";
import {
  Activation,
  AssignTaskBody,
  ChangeMeetingPlaceBody,
  CloseActivationBody,
  DecideActivationBody,
  EscalateBody,
  EscalationResult,
  FallbackBody,
  MeetingPlaceChange,
  type Principal,
  ReliefResult,
  RelieveBody,
  TaskAssigned,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ForbiddenError, NotFoundError, validate, validateBody } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditAccess } from "../audit.ts";
import { activations } from "../db/schema.ts";
import { findIncident } from "../incidents/incidents.store.ts";
import type { ActivationParts } from "../parts.ts";
import { actingOrganisation, principalOf, route } from "../policy.ts";
import { decideActivation, escalateActivation, fallBack, findActivation } from "./activations.store.ts";
import { DECISION_CHUNK } from "./callout.ts";
import { CAP_CONTENT_TYPE, toCapAlert } from "./cap.ts";
import { closeActivation } from "./close.ts";
import { changeMeetingPlace } from "./meeting-place.ts";
import { relievePerson } from "./relief.ts";
import { assignTask } from "./task.ts";
import { activationView, peopleShownIn } from "./view.ts";

const Params = z.object({ id: z.uuid() });
const PersonParams = Params.extend({ personId: z.string().min(1).max(200) });

/**
 * An activation is its organisation's; a fallback activation (Halmstad's group called for Laholm)
 * is also the asking organisation's, whose authorised function decided it.
 */
async function assertActivationScope(
  db: Database | Transaction,
  principal: Principal,
  activation: Pick<Activation, "organisationId" | "fallbackForActivationId">,
): Promise<void> {
  if (activation.organisationId === principal.organisationId) return;
  if (activation.fallbackForActivationId) {
    const [original] = await db
      .select({ organisationId: activations.organisationId })
      .from(activations)
      .where(eq(activations.id, activation.fallbackForActivationId));
    if (original?.organisationId === principal.organisationId) return;
  }
  throw new ForbiddenError("This activation belongs to an organisation outside your scope.", "outside-scope");
}

/**
 * For a route that acts on an activation: 404 when there is none, 403 outside the principal's
 * scope. Reads the activation's row only — the people called are the action's business.
 */
async function assertActivationInScope(db: Database, principal: Principal, id: string): Promise<void> {
  const [row] = await db
    .select({
      organisationId: activations.organisationId,
      fallbackForActivationId: activations.fallbackForActivationId,
    })
    .from(activations)
    .where(eq(activations.id, id));
  if (!row) throw new NotFoundError("No such activation.");
  await assertActivationScope(db, principal, row);
}

export function activationRoutes(context: ServiceContext, parts: ActivationParts) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .post(
      "/",
      route("activation.decide", {
        summary: `Decide an activation (an authorised activator); answered with the first ${DECISION_CHUNK} needed called, the rest right after`,
        response: { status: 201, schema: Activation },
      }),
      validate("json", DecideActivationBody),
      async (c) => {
        const principal = principalOf(c);
        const body = c.req.valid("json");
        const activation = await decideActivation(db, context.outbox, parts, principal, {
          ...body,
          organisationId: actingOrganisation(principal, body.organisationId),
        });
        return c.json(activation, 201, { Location: `/activations/${activation.id}` });
      },
    )
    .get(
      "/:id",
      route("activation.read", {
        summary: "One activation with its call-outs and answers",
        response: Activation,
        personalData: true,
      }),
      validate("param", Params),
      async (c) => {
        const principal = principalOf(c);
        const activation = await db.transaction(async (tx) => {
          const found = await findActivation(tx, c.req.valid("param").id);
          if (!found) throw new NotFoundError("No such activation.");
          await assertActivationScope(tx, principal, found);
          const view = activationView(principal, found);
          // Who was called, by name, with their answers, and who decided: one audit row per person shown.
          await auditAccess(tx, principal, "read", peopleShownIn(view));
          return view;
        });
        return c.json(activation);
      },
    )
    .post(
      "/:id/close",
      route("activation.close", {
        summary: "Close an activation (its evaluation follows)",
        response: Activation,
      }),
      validate("param", Params),
      // The body is optional: an empty POST closes with the configured evaluation due date.
      validateBody(CloseActivationBody, { optional: true }),
      async (c) => {
        const principal = principalOf(c);
        const { id } = c.req.valid("param");
        const body = c.req.valid("json");
        await assertActivationInScope(db, principal, id);
        await closeActivation(db, context.outbox, id, {
          evaluationDueDays: parts.env.EVALUATION_DUE_DAYS,
          evaluationDueAt: body.evaluationDueAt ? new Date(body.evaluationDueAt) : undefined,
        });
        const closed = await findActivation(db, id);
        if (!closed) throw new NotFoundError("No such activation.");
        // Counts only: who was called, by name, is read (and audited) through GET /activations/:id.
        return c.json({ ...closed, callOuts: [] });
      },
    )
    .get(
      "/:id/cap",
      route("activation.cap", {
        summary: "The activation as a CAP 1.2 alert",
        response: { media: "application/cap+xml" },
      }),
      validate("param", Params),
      async (c) => {
        const principal = principalOf(c);
        const found = await findActivation(db, c.req.valid("param").id);
        if (!found) throw new NotFoundError("No such activation.");
        await assertActivationScope(db, principal, found);
        const incident = await findIncident(db, found.incidentId);
        if (!incident) throw new NotFoundError("No such incident.");
        return c.body(toCapAlert(found, incident), 200, {
          "Content-Type": `${CAP_CONTENT_TYPE}; charset=utf-8`,
        });
      },
    )
    .post(
      "/:id/escalate",
      route("activation.escalate", {
        summary: "Call the next people on the list now",
        response: EscalationResult,
      }),
      validate("param", Params),
      // The body is optional: an empty POST calls as many as acceptances are still short.
      validateBody(EscalateBody, { optional: true }),
      async (c) => {
        const principal = principalOf(c);
        const { id } = c.req.valid("param");
        const body = c.req.valid("json");
        await assertActivationInScope(db, principal, id);
        const result = await escalateActivation(db, context.outbox, parts, principal, id, body);
        return c.json(result);
      },
    )
    .post(
      "/:id/meeting-place",
      route("activation.meeting-place", {
        summary: "Change where the called-out meet; those who accepted are told",
        response: MeetingPlaceChange,
      }),
      validate("param", Params),
      validate("json", ChangeMeetingPlaceBody),
      async (c) => {
        const principal = principalOf(c);
        const { id } = c.req.valid("param");
        await assertActivationInScope(db, principal, id);
        const { meetingPlace } = c.req.valid("json");
        const change = await changeMeetingPlace(db, context.outbox, parts, principal, id, meetingPlace);
        return c.json(change);
      },
    )
    .post(
      "/:id/call-outs/:personId/relieve",
      route("activation.relieve", {
        summary:
          "Relieve one person on duty (told, with the gathering); by default the next on the list is called",
        response: ReliefResult,
      }),
      validate("param", PersonParams),
      // The body is optional: an empty POST relieves with a replacement and no gathering named.
      validateBody(RelieveBody, { optional: true }),
      async (c) => {
        const principal = principalOf(c);
        const { id, personId } = c.req.valid("param");
        await assertActivationInScope(db, principal, id);
        const body = c.req.valid("json");
        const result = await relievePerson(db, context.outbox, parts, principal, id, personId, body);
        return c.json(result);
      },
    )
    .put(
      "/:id/call-outs/:personId/task",
      route("activation.assign-task", {
        summary:
          "Give one person on duty a task (Laholm 3.3); they are sent it, nobody else sees it in an event",
        response: TaskAssigned,
      }),
      validate("param", PersonParams),
      validate("json", AssignTaskBody),
      async (c) => {
        const principal = principalOf(c);
        const { id, personId } = c.req.valid("param");
        await assertActivationInScope(db, principal, id);
        const { task } = c.req.valid("json");
        return c.json(await assignTask(db, context.outbox, parts, principal, id, personId, task));
      },
    )
    .post(
      "/:id/fallback",
      route("activation.fallback", {
        summary: "Fall back to a neighbour municipality's group",
        response: { status: 201, schema: Activation },
      }),
      validate("param", Params),
      validate("json", FallbackBody),
      async (c) => {
        const activation = await fallBack(
          db,
          context.outbox,
          parts,
          principalOf(c),
          c.req.valid("param").id,
          c.req.valid("json"),
        );
        return c.json(activation, 201, { Location: `/activations/${activation.id}` });
      },
    );
}
