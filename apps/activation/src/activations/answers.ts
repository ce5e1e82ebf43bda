import { consumeAnswerLink } from "@krisstod/auth";
import type { Outbox } from "@krisstod/bus";
import type { AnswerBody, AnswerResult, Assignment, CallOutStatus, RosterGroup } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { ConflictError, NotFoundError } from "@krisstod/http";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { activations, callOuts, incidents, usedAnswerLinks } from "../db/schema.ts";
import type { ActivationParts } from "../parts.ts";
import {
  type ActivationRow,
  callOutChangeEvent,
  countsByStatus,
  lockActivation,
  scheduleStep,
  setStatus,
  tally,
} from "./callout.ts";

/**
 * The assignment as the activation and its incident hold it (shared with GET /me/assignments),
 * with the person's own task from the ledningsgrupp when they have one.
 */
export function assignmentFrom(
  activation: ActivationRow,
  incident: typeof incidents.$inferSelect,
  task: string | null = null,
): Assignment {
  return {
    activationId: activation.id,
    organisationId: activation.organisationId,
    group: activation.group as RosterGroup,
    exercise: incident.exercise,
    meetingPlace: activation.meetingPlace,
    incident: {
      id: incident.id,
      title: incident.title,
      address: incident.address,
      location: { lat: incident.lat, lon: incident.lon },
    },
    ...(task ? { task } : {}),
  };
}

/** What the answer page shows for a link before it is used. */
export interface LinkState {
  personName: string;
  organisationId: string;
  group: string;
  status: CallOutStatus;
  used: boolean;
  /** The incident is an exercise (övning): the page says so. */
  exercise: boolean;
  incidentTitle: string;
  /** Where to go, once the person has accepted (absent otherwise). */
  assignment: Assignment | undefined;
  /** The gathering named when the lead relieved them (null otherwise). */
  gathering: string | null;
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
  // One read of the incident: its title and kind for the page, where to go for a yes.
  const [incident] = activation
    ? await db.select().from(incidents).where(eq(incidents.id, activation.incidentId))
    : [];
  return {
    exercise: incident?.exercise ?? false,
    incidentTitle: incident?.title ?? "",
    assignment:
      activation && incident && person.status === "accepted"
        ? assignmentFrom(activation, incident, person.task)
        : undefined,
    personName: person.name,
    organisationId: activation?.organisationId ?? "",
    group: activation?.group ?? "",
    status: person.status as CallOutStatus,
    used: used !== undefined,
    gathering: person.reliefGathering,
  };
}

/**
 * Records an answer from a signed link: the link is used up in the same transaction, so it works
 * once; a person who already answered (through their other link) is refused too. A decline makes
 * the next step due now, so the next person is called without waiting out the timer.
 *
 * Every answer to an activation queues on its row lock (a county call-out's answers arrive by the
 * hundred), so the lock is held for as few round trips as the checks allow: the lock, the link's use
 * and the reads go out in one pipeline, then the writes in another, then the commit.
 */
export async function recordAnswer(
  db: Database,
  outbox: Outbox,
  parts: ActivationParts,
  activationId: string,
  body: z.output<typeof AnswerBody>,
): Promise<AnswerResult> {
  const claims = await parts.signer.verify(body.token, activationId);
  const accepting = body.answer === "accept";
  const result = await db.transaction(async (tx) => {
    // The lock and the reads go out in one pipeline: PostgreSQL runs them in order on this
    // connection, so the reads run the moment the lock is granted (they see everything committed
    // before it), without a round trip to us in between while the lock is held.
    const [locked, linkRefused, [person], countsBefore, [incident]] = await Promise.all([
      lockActivation(tx, activationId),
      consumeAnswerLink(tx, { usedAnswerLinks }, claims).then(
        () => undefined,
        (error: unknown) => error,
      ),
      tx
        .select()
        .from(callOuts)
        .where(and(eq(callOuts.activationId, activationId), eq(callOuts.personId, claims.personId))),
      countsByStatus(tx, activationId),
      accepting
        ? tx
            .select()
            .from(incidents)
            .where(
              eq(
                incidents.id,
                tx
                  .select({ id: activations.incidentId })
                  .from(activations)
                  .where(eq(activations.id, activationId)),
              ),
            )
        : Promise.resolve([]),
    ]);
    let activation = locked;
    if (!activation) throw new NotFoundError("No such activation.");
    if (linkRefused) throw linkRefused;
    if (activation.status === "closed")
      throw new ConflictError("This activation has been closed.", "activation-closed");
    if (!person) throw new NotFoundError("No such call-out.");
    if (person.status === "accepted" || person.status === "declined" || person.status === "relieved") {
      throw new ConflictError("You have already answered this call-out.", "already-answered");
    }
    const status: "accepted" | "declined" = accepting ? "accepted" : "declined";
    const etaMinutes = accepting ? (body.etaMinutes ?? null) : null;
    // The counts as they stand once this person has moved (read before the update, under the lock).
    const counts = tally(moved(countsBefore, person.status as CallOutStatus, status));
    const change = callOutChangeEvent(
      activation,
      { personId: person.personId, change: status, etaMinutes },
      counts,
    );
    // A late acceptance can still staff an activation whose list ran out.
    const staffs =
      status === "accepted" && counts.accepted >= activation.needed && activation.status !== "staffed";
    const [, staffed] = await Promise.all([
      tx
        .update(callOuts)
        .set({ status, etaMinutes, answeredAt: new Date() })
        .where(eq(callOuts.id, person.id))
        .execute(),
      staffs ? setStatus(tx, outbox, activation, "staffed", counts, [change]) : outbox.enqueue(tx, change),
      status === "declined" && activation.status === "calling"
        ? scheduleStep(tx, activationId, new Date())
        : undefined,
    ]);
    if (staffed) activation = staffed;
    if (accepting) {
      // A yes is told where to go, in the same answer.
      const assignment = incident ? assignmentFrom(activation, incident) : undefined;
      return { status, etaMinutes, ...(assignment ? { assignment } : {}) };
    }
    return { status, etaMinutes };
  });
  if (result.status === "declined") parts.wake.timers();
  return result;
}

/** `counts` (per status) with one person moved from `from` to `to`. */
function moved(
  counts: readonly (readonly [CallOutStatus, number])[],
  from: CallOutStatus,
  to: CallOutStatus,
): [CallOutStatus, number][] {
  return [
    ...counts.map(([status, n]): [CallOutStatus, number] => [status, status === from ? n - 1 : n]),
    [to, 1],
  ];
}
