import type { AnswerLinkSigner } from "@krisstod/auth";
import { createEvent, type Outbox } from "@krisstod/bus";
import {
  ActivationCallOutChanged,
  ActivationFallbackOffered,
  type ActivationStatus,
  ActivationStatusChanged,
  type CallOutCounts,
  type CallOutStatus,
  type EventEnvelope,
  type RosterGroup,
} from "@krisstod/contracts";
import { insertJsonRows, type Transaction } from "@krisstod/db";
import { ConflictError } from "@krisstod/http";
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";

import { activations, callOuts, incidents, messages, timers } from "../db/schema.ts";

export type ActivationRow = typeof activations.$inferSelect;
export type CallOutRow = typeof callOuts.$inferSelect;

/** Who took part in an activation: said yes, and are on duty or have been relieved since. */
export const tookPart: CallOutStatus[] = ["accepted", "relieved"];

/** What a call-out step needs besides the transaction. */
export interface StepDeps {
  outbox: Outbox;
  signer: AnswerLinkSigner;
  answerLinkBaseUrl: string;
  answerLinkTtlMs: number;
}

/** Serialises every step of one activation (answers, escalation ticks) on its row. */
export async function lockActivation(tx: Transaction, id: string): Promise<ActivationRow | undefined> {
  const [row] = await tx.select().from(activations).where(eq(activations.id, id)).for("update");
  return row;
}

export async function countCallOuts(tx: Transaction, activationId: string): Promise<CallOutCounts> {
  return tally(await countsByStatus(tx, activationId));
}

/** How many of an activation's call-outs are in each status. */
export async function countsByStatus(
  tx: Transaction,
  activationId: string,
): Promise<[CallOutStatus, number][]> {
  const rows = await tx
    .select({ status: callOuts.status, n: sql<number>`count(*)::int` })
    .from(callOuts)
    .where(eq(callOuts.activationId, activationId))
    .groupBy(callOuts.status);
  return rows.map((row) => [row.status as CallOutStatus, row.n]);
}

/** Counts per status, as the live status and every event show them. */
export function tally(entries: Iterable<readonly [CallOutStatus, number]>): CallOutCounts {
  const counts: CallOutCounts = {
    listed: 0,
    called: 0,
    awaiting: 0,
    accepted: 0,
    declined: 0,
    silent: 0,
    queued: 0,
    relieved: 0,
  };
  for (const [status, n] of entries) {
    counts.listed += n;
    if (status === "queued") counts.queued += n;
    else {
      counts.called += n;
      if (status === "called") counts.awaiting += n;
      else counts[status] += n;
    }
  }
  return counts;
}

export function eventFields(activation: ActivationRow) {
  return {
    organisationId: activation.organisationId,
    countyCode: activation.countyCode,
    aggregateId: activation.id,
  };
}

/** The event of one person's call-out change; callers enqueue several together (one outbox write). */
export function callOutChangeEvent(
  activation: ActivationRow,
  change: { personId: string; change: Exclude<CallOutStatus, "queued">; etaMinutes: number | null },
  counts: CallOutCounts,
): EventEnvelope {
  return createEvent(ActivationCallOutChanged, {
    ...eventFields(activation),
    data: {
      activationId: activation.id,
      incidentId: activation.incidentId,
      group: activation.group as RosterGroup,
      ...change,
      status: activation.status as ActivationStatus,
      counts,
    },
  });
}

export async function setStatus(
  tx: Transaction,
  outbox: Outbox,
  activation: ActivationRow,
  status: ActivationStatus,
  counts: CallOutCounts,
  /** Events that happened before this change, written in the same outbox insert (one notify). */
  before: EventEnvelope[] = [],
): Promise<ActivationRow> {
  const [updated] = await tx
    .update(activations)
    .set({ status })
    .where(eq(activations.id, activation.id))
    .returning();
  if (!updated) throw new Error("activation vanished under its lock");
  await outbox.enqueue(
    tx,
    ...before,
    createEvent(ActivationStatusChanged, {
      ...eventFields(updated),
      data: {
        activationId: updated.id,
        incidentId: updated.incidentId,
        group: updated.group as RosterGroup,
        status,
        counts,
      },
    }),
  );
  return updated;
}

/** Schedules the next escalation step of an activation (a durable timer row). */
export async function scheduleStep(tx: Transaction, activationId: string, dueAt: Date): Promise<void> {
  await tx.insert(timers).values({ id: uuidv7(), activationId, dueAt });
}

/** What every message of an exercise (övning) starts with. */
export const exercisePrefix = "ÖVNING – ";

export const groupName: Record<RosterGroup, string> = {
  management: "POSOM ledningsgrupp",
  "support-persons": "POSOM stödpersoner",
  pkl: "PKL",
};

/**
 * How many people one step calls at most. A call-out of hundreds is called in steps of this many,
 * each its own short transaction (messages and events included), so no request of the service
 * waits behind one transaction that writes a whole county's call-out.
 */
export const CALL_CHUNK = 50;

/**
 * How many of the needed a decision calls in its own commit (the rest go in the timer worker's
 * chunks, at once). Enough for a municipality's usual call-out (the 20-person fan-out target); a
 * county's hundreds do not make six decisions taken together wait for each other's CPU.
 */
export const DECISION_CHUNK = 20;

/**
 * One escalation step, under the activation's lock: who did not answer in time is marked silent;
 * if acceptances are still short, the next people on the list are called (at most `CALL_CHUNK`,
 * their messages written in this same transaction), a step at their answer deadline is scheduled
 * and, when more are still to be called, one due now that calls the next chunk. When the list is
 * exhausted the activation is unreachable and, for a ledningsgrupp, fallback to the neighbours is
 * offered. On a staffed activation the step only marks silent whoever is still awaiting past their
 * deadline (people the lead called beyond the need, POST …/escalate, or still asked when a late yes
 * staffed it): acceptances are not short, so nobody further is called.
 */
export async function escalate(
  tx: Transaction,
  deps: StepDeps,
  locked: ActivationRow,
  now: Date,
): Promise<void> {
  let activation = locked;
  if (activation.status !== "calling" && activation.status !== "staffed") return;

  const overdue = await tx
    .update(callOuts)
    .set({ status: "silent" })
    .where(
      and(
        eq(callOuts.activationId, activation.id),
        eq(callOuts.status, "called"),
        lte(callOuts.answerDueAt, now),
      ),
    )
    .returning({ personId: callOuts.personId });
  const counts = await countCallOuts(tx, activation.id);
  // All events of this step go to the outbox in one insert (one notify), in the order they happened.
  const events: EventEnvelope[] = overdue.map((person, index) =>
    callOutChangeEvent(
      activation,
      { personId: person.personId, change: "silent", etaMinutes: null },
      // Counts as each change left them: the last event carries the current state.
      {
        ...counts,
        silent: counts.silent - overdue.length + index + 1,
        awaiting: counts.awaiting + overdue.length - index - 1,
      },
    ),
  );

  if (activation.status === "staffed") {
    await deps.outbox.enqueue(tx, ...events);
    return;
  }
  if (counts.accepted >= activation.needed) {
    await setStatus(tx, deps.outbox, activation, "staffed", counts, events);
    return;
  }
  const toCall = activation.needed - counts.accepted - counts.awaiting;
  const chunk = Math.min(toCall, CALL_CHUNK);
  const next = chunk > 0 ? await callNext(tx, deps, activation, chunk, counts, now, events) : [];
  if (next.length > 0) {
    // More to call and more on the list: the next chunk is due now (a crash before this commit
    // leaves this step due instead, so a chunk is called once or not at all). Every chunk's people
    // get their own deadline step, whatever happens to the chunks after it. Pipelined writes.
    const more = toCall > next.length && next.length === chunk;
    await Promise.all([
      deps.outbox.enqueue(tx, ...events),
      scheduleStep(tx, activation.id, new Date(now.getTime() + activation.waitMs)),
      more ? scheduleStep(tx, activation.id, now) : undefined,
    ]);
    return;
  }
  if (counts.awaiting > 0) {
    await deps.outbox.enqueue(tx, ...events);
    return; // their own step is scheduled already
  }

  activation = await setStatus(tx, deps.outbox, activation, "unreachable", counts, events);
  if (activation.group === "management" && activation.neighbours.length > 0) {
    await tx.update(activations).set({ fallbackOfferedAt: now }).where(eq(activations.id, activation.id));
    await deps.outbox.enqueue(
      tx,
      createEvent(ActivationFallbackOffered, {
        ...eventFields(activation),
        data: {
          activationId: activation.id,
          incidentId: activation.incidentId,
          group: "management",
          neighbours: activation.neighbours,
          counts,
        },
      }),
    );
  }
}

/** One person of a call list as the roster gave it, in the decision's copy. */
export interface CallListPerson {
  personId: string;
  name: string;
  phone: string | null;
  email: string | null;
  position: number;
}

/**
 * The start of a just-decided activation's call-out, in the decision's transaction: the call list
 * copied, the first chunk of the needed people (at most `DECISION_CHUNK`, list order) called with their
 * messages, the decision's event followed by one `called` event each (one outbox write, in that
 * order), the step at their answer deadline and, when more are needed than one chunk, a step due
 * now from which the timer worker calls the rest in chunks of their own (`escalate`). So a
 * municipality's call-out (a handful to a few dozen people) is called in the decision's one commit,
 * and a county's hundreds do not hold the decision: it answers once its first chunk is committed.
 * The statements go out pipelined on the transaction's connection (none reads another's result).
 * Returns the call-out rows as written.
 */
export async function startCallOut(
  tx: Transaction,
  deps: StepDeps,
  activation: ActivationRow,
  incident: { title: string; exercise: boolean },
  people: readonly CallListPerson[],
  decided: (counts: CallOutCounts) => EventEnvelope,
  now: Date,
): Promise<CallOutRow[]> {
  const answerDueAt = new Date(now.getTime() + activation.waitMs);
  // Ids are minted in the roster's order, as before; who is called first goes by list position.
  const rows: CallOutRow[] = people.map((person) => ({
    id: uuidv7(),
    activationId: activation.id,
    personId: person.personId,
    name: person.name,
    phone: person.phone,
    email: person.email,
    position: person.position,
    status: "queued",
    calledAt: null,
    answerDueAt: null,
    answeredAt: null,
    etaMinutes: null,
    relievedAt: null,
    reliefGathering: null,
    task: null,
  }));
  const needed = Math.max(0, activation.needed);
  const called = [...rows].sort((a, b) => a.position - b.position).slice(0, Math.min(needed, DECISION_CHUNK));
  for (const row of called) {
    row.status = "called";
    row.calledAt = now;
    row.answerDueAt = answerDueAt;
  }
  const more = needed > called.length && rows.length > called.length;
  const counts = tally([["queued", rows.length]]);
  const events = [decided({ ...counts })];
  appendCalledEvents(activation, called, counts, events);
  await Promise.all([
    insertJsonRows(tx, callOuts, rows),
    writeMessages(tx, deps, activation, incident, called, now, callOutText),
    deps.outbox.enqueue(tx, ...events),
    called.length > 0 ? scheduleStep(tx, activation.id, answerDueAt) : undefined,
    more ? scheduleStep(tx, activation.id, now) : undefined,
  ]);
  return rows;
}

/**
 * One `called` event per person just called, appended to `events` in call order; each carries the
 * counts as they stand after that person moved from queued to called (awaiting an answer), and
 * `counts` is updated as it goes.
 */
function appendCalledEvents(
  activation: ActivationRow,
  called: readonly { personId: string }[],
  counts: CallOutCounts,
  events: EventEnvelope[],
): void {
  for (const person of called) {
    counts.queued -= 1;
    counts.called += 1;
    counts.awaiting += 1;
    events.push(
      callOutChangeEvent(
        activation,
        { personId: person.personId, change: "called", etaMinutes: null },
        { ...counts },
      ),
    );
  }
}

/**
 * Calls the next `n` people still queued, in list order (under the activation's lock, so nobody is
 * called twice): marks them called, writes their messages and appends one `called` event each to
 * `events`, updating `counts` as it goes. Returns who was called (none when the list is exhausted).
 */
async function callNext(
  tx: Transaction,
  deps: StepDeps,
  activation: ActivationRow,
  n: number,
  counts: CallOutCounts,
  now: Date,
  events: EventEnvelope[],
): Promise<CallOutRow[]> {
  // Both reads go out together (pipelined on the transaction's connection).
  const [next, incident] = await Promise.all([
    tx
      .select()
      .from(callOuts)
      .where(and(eq(callOuts.activationId, activation.id), eq(callOuts.status, "queued")))
      .orderBy(asc(callOuts.position))
      .limit(n),
    incidentOf(tx, activation),
  ]);
  if (next.length === 0) return next;
  await callPeople(tx, deps, activation, incident, next, now);
  appendCalledEvents(activation, next, counts, events);
  return next;
}

/**
 * The lead's escalation (POST /activations/:id/escalate), under the activation's lock: the next
 * people on the list are called now rather than when the timer runs out — as many as acceptances
 * are still short (at least one), or `count`. Those still awaiting an answer keep their call (they
 * may yet answer). Refused when the activation is closed, when nobody is left on the list, and when
 * more people have been called since the lead looked (`seenCalled`), so a repeated request never
 * calls a second batch. Events go to the outbox in this transaction. Those called get the same
 * answer deadline (the activation's wait) as people the timer calls, and a timer step at it marks
 * them silent if they have not answered — also when the activation is (or becomes) staffed.
 */
export async function escalateNow(
  tx: Transaction,
  deps: StepDeps,
  activation: ActivationRow,
  options: { count?: number | undefined; seenCalled?: number | undefined },
  now: Date,
): Promise<{ called: CallOutRow[]; counts: CallOutCounts }> {
  if (activation.status === "closed")
    throw new ConflictError("The activation has been closed.", "activation-closed");
  const counts = await countCallOuts(tx, activation.id);
  if (options.seenCalled !== undefined && options.seenCalled !== counts.called) {
    throw new ConflictError(
      `${counts.called} people have been called, not ${options.seenCalled} as you saw: ` +
        "the call-out has moved on since. Look at the board again before escalating.",
      "call-out-moved-on",
    );
  }
  if (counts.queued === 0) {
    throw new ConflictError(
      activation.group === "management" && activation.neighbours.length > 0
        ? "Everybody on the call list has been called; nobody is left to call. Ask a neighbour's group (fallback)."
        : "Everybody on the call list has been called; nobody is left to call.",
      "nobody-left-to-call",
    );
  }
  const n = options.count ?? Math.max(1, activation.needed - counts.accepted);
  const events: EventEnvelope[] = [];
  const called = await callNext(tx, deps, activation, n, counts, now, events);
  await deps.outbox.enqueue(tx, ...events);
  // Their deadline, as callPeople set it (answerDueAt); the step at it calls more only when calling.
  if (called.length > 0) await scheduleStep(tx, activation.id, new Date(now.getTime() + activation.waitMs));
  return { called, counts };
}

/**
 * Marks the people called (one UPDATE) and writes their messages, one per channel each can be
 * reached on (one multi-row INSERT per chunk), in escalation order.
 */
async function callPeople(
  tx: Transaction,
  deps: StepDeps,
  activation: ActivationRow,
  incident: { title: string; exercise: boolean },
  people: CallOutRow[],
  now: Date,
): Promise<void> {
  // Independent writes, pipelined on the transaction's connection.
  await Promise.all([
    tx
      .update(callOuts)
      .set({ status: "called", calledAt: now, answerDueAt: new Date(now.getTime() + activation.waitMs) })
      .where(
        inArray(
          callOuts.id,
          people.map((person) => person.id),
        ),
      )
      .execute(),
    writeMessages(tx, deps, activation, incident, people, now, callOutText),
  ]);
}

/** The text of a call-out message: who is asked, for what, and the link to answer on. */
function callOutText({ drill, what, title, link }: MessageParts): { subject: string; body: string } {
  return {
    subject: `${drill}Inkallelse: ${what} – ${title}`,
    body: `${drill}Krisstöd: du tillfrågas om insats i ${what} – ${title}. Svara ja eller nej: ${link}`,
  };
}

/** What every message of an activation names of its incident: its title, and whether it is a drill. */
export async function incidentOf(
  tx: Transaction,
  activation: ActivationRow,
): Promise<{ title: string; exercise: boolean }> {
  const [incident] = await tx
    .select({ title: incidents.title, exercise: incidents.exercise })
    .from(incidents)
    .where(eq(incidents.id, activation.incidentId));
  return { title: incident?.title ?? "", exercise: incident?.exercise ?? false };
}

/** What a message's text is made of: drill prefix, the group called, the incident, the person's link. */
export interface MessageParts {
  drill: string;
  what: string;
  title: string;
  link: string;
}

/**
 * Writes one message per channel a person has (SMS, e-mail), each with its own signed link to the
 * answer page, for the sender to hand over. The page shows the call-out as it is when opened:
 * the question before an answer, where to go after a yes.
 */
export async function writeMessages(
  tx: Transaction,
  deps: StepDeps,
  activation: ActivationRow,
  incident: { title: string; exercise: boolean },
  people: CallOutRow[],
  now: Date,
  text: (parts: MessageParts) => { subject: string; body: string },
): Promise<void> {
  const what = `${groupName[activation.group as RosterGroup]}, ${activation.organisationId}`;
  // A drill must never be mistaken for the real thing: the word comes first, in subject and text.
  const drill = incident.exercise ? exercisePrefix : "";
  const expiresAt = new Date(now.getTime() + deps.answerLinkTtlMs);
  const planned = people.flatMap((person) => [
    ...(person.phone ? [{ person, channel: "sms" as const, to: person.phone }] : []),
    ...(person.email ? [{ person, channel: "email" as const, to: person.email }] : []),
  ]);
  // One link per message, so each is single-use on its own; the first answer settles the person.
  const tokens = await Promise.all(
    planned.map(({ person }) =>
      deps.signer.sign({ callOutId: activation.id, personId: person.personId, expiresAt }),
    ),
  );
  // Ids are minted in order, so the sender (oldest first) keeps that order.
  const rows = planned.map(({ person, channel, to }, index) => {
    const token = tokens[index] ?? "";
    const link = `${deps.answerLinkBaseUrl}/call-outs/${activation.id}/answer?token=${encodeURIComponent(token)}`;
    return {
      id: uuidv7(),
      activationId: activation.id,
      personId: person.personId,
      channel,
      to,
      ...text({ drill, what, title: incident.title, link }),
      answerLink: link,
      status: "pending",
      nextAttemptAt: now,
    };
  });
  await insertJsonRows(tx, messages, rows);
}
