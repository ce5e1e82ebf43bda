import type { AuthEnv } from "@krisstod/auth";
import type { Outbox } from "@krisstod/bus";
import { ActionPlan, ActionPlanBody, type Principal } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import type { z } from "zod";
import { actionPlans } from "../db/schema.ts";
import { OrganisationParams } from "../organisations/organisations.routes.ts";
import { changed, requireOrganisation } from "../organisations/organisations.store.ts";
import { route } from "../policy.ts";
import { refreshReadiness } from "../readiness/readiness.store.ts";
import { actingOn, orgResource } from "../scope.ts";

/**
 * Laholm 3.2: the ledningsgrupp in its normal state shall "Upprätta operativ handlingsplan";
 * Lekeberg: it "ansvarar för att hålla handlingsplan, checklistor och larmlistor uppdaterade".
 * The plan is a checklist of steps; saving it (or confirming it unchanged) reviews it.
 */
async function readPlan(db: Database, organisationId: string): Promise<ActionPlan> {
  const [row] = await db.select().from(actionPlans).where(eq(actionPlans.organisationId, organisationId));
  return {
    organisationId,
    steps: row?.steps ?? [],
    reviewedAt: row?.reviewedAt.toISOString() ?? null,
    reviewedBy: row?.reviewedBy ?? null,
  };
}

/** Saves the steps (or, without steps, confirms the plan as it is) and stamps the review; its event in the same commit. */
async function reviewPlan(
  db: Database,
  outbox: Outbox,
  principal: Principal,
  organisationId: string,
  body: z.output<typeof ActionPlanBody> | undefined,
): Promise<ActionPlan> {
  await db.transaction(async (tx) => {
    const reviewed = { reviewedAt: new Date(), reviewedBy: principal.userId };
    if (body) {
      await tx
        .insert(actionPlans)
        .values({ organisationId, steps: body.steps, ...reviewed })
        .onConflictDoUpdate({ target: actionPlans.organisationId, set: { steps: body.steps, ...reviewed } });
    } else {
      const confirmed = await tx
        .update(actionPlans)
        .set(reviewed)
        .where(eq(actionPlans.organisationId, organisationId))
        .returning({ organisationId: actionPlans.organisationId });
      if (confirmed.length === 0) {
        throw new ConflictError(
          "There is no action plan to confirm yet: write its steps first.",
          "no-action-plan",
        );
      }
    }
    await changed(tx, outbox, organisationId, "action-plan");
    await refreshReadiness(tx, outbox, organisationId);
  });
  return readPlan(db, organisationId);
}

export function actionPlanRoutes(context: ServiceContext) {
  const { db } = context.database;
  const { outbox } = context;
  return new Hono<AuthEnv>()
    .get(
      "/:id/action-plan",
      route("action-plan.read", {
        summary: "The organisation's action plan (checklist)",
        response: ActionPlan,
      }),
      validate("param", OrganisationParams),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        actingOn(c, "action-plan.read", orgResource(organisation));
        return c.json(await readPlan(db, organisation.id));
      },
    )
    .put(
      "/:id/action-plan",
      route("action-plan.write", {
        summary: "Set the action plan's steps; saving reviews it",
        response: ActionPlan,
      }),
      validate("param", OrganisationParams),
      validate("json", ActionPlanBody),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        const principal = actingOn(c, "action-plan.write", orgResource(organisation));
        return c.json(await reviewPlan(db, outbox, principal, organisation.id, c.req.valid("json")));
      },
    )
    .post(
      "/:id/action-plan/review",
      route("action-plan.write", {
        summary: "Confirm the action plan is current, unchanged",
        response: ActionPlan,
      }),
      validate("param", OrganisationParams),
      async (c) => {
        const organisation = await requireOrganisation(db, c.req.valid("param").id);
        const principal = actingOn(c, "action-plan.write", orgResource(organisation));
        return c.json(await reviewPlan(db, outbox, principal, organisation.id, undefined));
      },
    );
}
