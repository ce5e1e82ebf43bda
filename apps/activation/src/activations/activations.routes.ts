import type { AuthEnv } from "@krisstod/auth";
import { type Activation, DecideActivationBody, FallbackBody, type Principal } from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ForbiddenError, NotFoundError, validate } from "@krisstod/http";
import type { ServiceContext } from "@krisstod/runtime";
import { Hono } from "hono";
import { z } from "zod";
import { auditAccess } from "../audit.ts";
import type { ActivationParts } from "../parts.ts";
import { actingOrganisation, principalOf } from "../policy.ts";
import { decideActivation, fallBack, findActivation } from "./activations.store.ts";

const Params = z.object({ id: z.uuid() });

/**
 * An activation is its organisation's; a fallback activation (Halmstad's group called for Laholm)
 * is also the asking organisation's, whose authorised function decided it.
 */
async function assertActivationScope(
  db: Database | Transaction,
  principal: Principal,
  activation: Activation,
): Promise<void> {
  if (activation.organisationId === principal.organisationId) return;
  if (activation.fallbackForActivationId) {
    const original = await findActivation(db, activation.fallbackForActivationId);
    if (original?.organisationId === principal.organisationId) return;
  }
  throw new ForbiddenError("This activation belongs to an organisation outside your scope.");
}

export function activationRoutes(context: ServiceContext, parts: ActivationParts) {
  const { db } = context.database;
  return new Hono<AuthEnv>()
    .post("/", validate("json", DecideActivationBody), async (c) => {
      const principal = principalOf(c);
      const body = c.req.valid("json");
      const activation = await decideActivation(db, context.outbox, parts, principal, {
        ...body,
        organisationId: actingOrganisation(principal, body.organisationId),
      });
      c.header("Cache-Control", "no-store");
      return c.json(activation, 201, { Location: `/activations/${activation.id}` });
    })
    .get("/:id", validate("param", Params), async (c) => {
      const principal = principalOf(c);
      const activation = await db.transaction(async (tx) => {
        const found = await findActivation(tx, c.req.valid("param").id);
        if (!found) throw new NotFoundError("No such activation.");
        await assertActivationScope(tx, principal, found);
        // Who was called, by name, with their answers: one audit row per person shown.
        await auditAccess(
          tx,
          principal,
          "read",
          found.callOuts.map((p) => ({
            kind: "call-out" as const,
            id: p.personId,
            organisationId: found.organisationId,
            incidentId: found.incidentId,
          })),
        );
        return found;
      });
      c.header("Cache-Control", "no-store");
      return c.json(activation);
    })
    .post("/:id/fallback", validate("param", Params), validate("json", FallbackBody), async (c) => {
      const activation = await fallBack(
        db,
        context.outbox,
        parts,
        principalOf(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      c.header("Cache-Control", "no-store");
      return c.json(activation, 201, { Location: `/activations/${activation.id}` });
    });
}
