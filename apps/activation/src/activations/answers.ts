import { consumeAnswerLink } from "@krisstod/auth";
import type { Outbox } from "@krisstod/bus";
import type { AnswerBody, CallOutStatus } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError, NotFoundError } from "@krisstod/http";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { activations, callOuts, incidents, usedAnswerLinks } from "../db/schema.ts";
import type { ActivationParts } from "../parts.ts";
import { countCallOuts, emitCallOutChange, lockActivation, scheduleStep, setStatus } from "./callout.ts";

/** What the answer page shows for a link before it is used. */
export interface LinkState {
  personName: string;
  organisationId: string;
  group: string;
  status: CallOutStatus;
  used: boolean;
  /** The incident is an exercise (övning): the page says so. */
  exercise: boolean;
}

/** Reads a link without using it (the answer page); a GET never answers, so link previews are harmless. */
export async function inspectLink(
  db: Database,
  parts: ActivationParts,
  activationId: string,
  token: string,
): Promise<LinkState> {
  const claims = await parts.signer.verify(token, activationId);
  const [person] = await db
    .select()
    .from(callOuts)
    .where(and(eq(callOuts.activationId, activationId), eq(callOuts.personId, claims.personId)));
  if (!person) throw new NotFoundError("No such call-out.");
  const [used] = await db.select().from(usedAnswerLinks).where(eq(usedAnswerLinks.jti, claims.jti));
  const [activation] = await db.select().from(activations).where(eq(activations.id, activationId));
  const [incident] = activation
    ? await db
        .select({ exercise: incidents.exercise })
        .from(incidents)
        .where(eq(incidents.id, activation.incidentId))
    : [];
  return {
    exercise: incident?.exercise ?? false,
    personName: person.name,
    organisationId: activation?.organisationId ?? "",
    group: activation?.group ?? "",
    status: person.status as CallOutStatus,
    used: used !== undefined,
  };
}

/**
 * Records an answer from a signed link: the link is used up in the same transaction, so it works
 * once; a person who already answered (through their other link) is refused too. A decline makes
 * the next step due now, so the next person is called without waiting out the timer.
 */
export async function recordAnswer(
  db: Database,
  outbox: Outbox,
  parts: ActivationParts,
  activationId: string,
  body: z.output<typeof AnswerBody>,
): Promise<{ status: CallOutStatus; etaMinutes: number | null }> {
  const claims = await parts.signer.verify(body.token, activationId);
  const result = await db.transaction(async (tx) => {
    let activation = await lockActivation(tx, activationId);
    if (!activation) throw new NotFoundError("No such activation.");
    await consumeAnswerLink(tx, { usedAnswerLinks }, claims);
    if (activation.status === "closed") throw new ConflictError("This activation has been closed.");
    const [person] = await tx
      .select()
      .from(callOuts)
      .where(and(eq(callOuts.activationId, activationId), eq(callOuts.personId, claims.personId)));
    if (!person) throw new NotFoundError("No such call-out.");
    if (person.status === "accepted" || person.status === "declined") {
      throw new ConflictError("You have already answered this call-out.");
    }
    const status = body.answer === "accept" ? "accepted" : "declined";
    const etaMinutes = body.answer === "accept" ? (body.etaMinutes ?? null) : null;
    await tx
      .update(callOuts)
      .set({ status, etaMinutes, answeredAt: new Date() })
      .where(eq(callOuts.id, person.id));
    const counts = await countCallOuts(tx, activationId);
    await emitCallOutChange(
      tx,
      outbox,
      activation,
      { personId: person.personId, change: status, etaMinutes },
      counts,
    );
    if (status === "accepted" && counts.accepted >= activation.needed && activation.status !== "staffed") {
      // A late acceptance can still staff an activation whose list ran out.
      activation = await setStatus(tx, outbox, activation, "staffed", counts);
    }
    if (status === "declined" && activation.status === "calling") {
      await scheduleStep(tx, activationId, new Date());
    }
    return { status, etaMinutes } as const;
  });
  if (result.status === "declined") parts.wake.timers();
  return result;
}
