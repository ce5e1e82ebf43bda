import type { Outbox } from "@krisstod/bus";
import type {
  ActivationStatus,
  CallOutCounts,
  Principal,
  ReliefResult,
  RelieveBody,
} from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { ConflictError } from "@krisstod/http";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { auditAccess, callOutRecords } from "../audit.ts";
import { activations, callOuts } from "../db/schema.ts";
import type { ActivationParts } from "../parts.ts";
import { stepDeps } from "./activations.store.ts";
import {
  type ActivationRow,
  type CallOutRow,
  callOutChangeEvent,
  countCallOuts,
  escalateNow,
  incidentOf,
  type MessageParts,
  setStatus,
  writeMessages,
} from "./callout.ts";
import { onDutyUnderLock } from "./on-duty.ts";

type ReliefInput = z.output<typeof RelieveBody>;

/**
 * The lead relieves one person on duty (POST /activations/:id/call-outs/:personId/relieve), under
 * the activation's lock, in one commit: the call-out becomes `relieved` (no longer among those on
 * duty), the person is texted that they are relieved — with the gathering for a supportive talk
 * when the lead named one (Laholm 3.2 "uppsamling och stödjande samtal vid behov") — and, with
 * `replace`, as many of the next on the list are called as the people on duty and those still
 * asked fall short of the need, with their messages and a deadline step; a staffed activation is
 * calling again until they answer. Without `replace` the need is one smaller. Refused (409) once the
 * activation is closed, for anybody not on duty (so a repeated request texts nobody twice), and with
 * `replace` when nobody is left on the list (relieve without a replacement and ask a neighbour).
 */
export async function relievePerson(
  db: Database,
  outbox: Outbox,
  parts: ActivationParts,
  principal: Principal,
  activationId: string,
  personId: string,
  input: ReliefInput,
): Promise<ReliefResult> {
  const result = await db.transaction(async (tx) => {
    const { activation: locked, person } = await onDutyUnderLock(
      tx,
      activationId,
      personId,
      "can be relieved",
    );
    const countsBefore = await countCallOuts(tx, activationId);
    if (input.replace && countsBefore.queued === 0) {
      throw new ConflictError(
        "Nobody is left on the call list to replace them. Relieve them without a replacement " +
          "and ask a neighbour for people (mutual aid).",
        "nobody-left-to-call",
      );
    }

    const now = new Date();
    const gathering = input.gathering ?? null;
    const [relieved] = await tx
      .update(callOuts)
      .set({ status: "relieved", relievedAt: now, reliefGathering: gathering })
      .where(eq(callOuts.id, person.id))
      .returning();
    if (!relieved) throw new Error("call-out vanished under its activation's lock");
    // The counts once this person moved from on duty to relieved (read under the lock above).
    const counts: CallOutCounts = {
      ...countsBefore,
      accepted: countsBefore.accepted - 1,
      relieved: countsBefore.relieved + 1,
    };
    const activation = await afterRelief(tx, outbox, locked, personId, input.replace, counts);
    const deps = stepDeps(outbox, parts);
    await writeMessages(tx, deps, activation, await incidentOf(tx, activation), [relieved], now, (parts) =>
      reliefText(parts, gathering),
    );
    const replaced = input.replace
      ? await callReplacements(tx, deps, activation, counts, now)
      : { called: [], counts };
    const replacements = replaced.called;
    // Their contact details were used (the relieved person told, the replacements called).
    await auditAccess(
      tx,
      principal,
      "write",
      callOutRecords(activation, [relieved, ...replacements]),
      `relief in activation ${activationId}`,
    );
    return {
      activationId,
      personId,
      relievedAt: now.toISOString(),
      called: replacements.length,
      needed: activation.needed,
      status: activation.status as ActivationStatus,
      counts: replaced.counts,
    };
  });
  parts.wake.sender();
  if (result.called > 0) parts.wake.timers();
  return result;
}

/**
 * The relieved person's event, and what the activation's status becomes: with a replacement, a
 * staffed activation short of people on duty is calling again (the timer calls on if they decline);
 * without, the need is one smaller, which may staff an activation that was still calling.
 */
async function afterRelief(
  tx: Transaction,
  outbox: Outbox,
  locked: ActivationRow,
  personId: string,
  replace: boolean,
  counts: CallOutCounts,
): Promise<ActivationRow> {
  let activation = locked;
  if (!replace) {
    const [smaller] = await tx
      .update(activations)
      .set({ needed: Math.max(0, locked.needed - 1) })
      .where(eq(activations.id, locked.id))
      .returning();
    if (smaller) activation = smaller;
  }
  const change = callOutChangeEvent(activation, { personId, change: "relieved", etaMinutes: null }, counts);
  const short = counts.accepted < activation.needed;
  if (activation.status === "staffed" && short)
    return setStatus(tx, outbox, activation, "calling", counts, [change]);
  if (activation.status === "calling" && !short)
    return setStatus(tx, outbox, activation, "staffed", counts, [change]);
  await outbox.enqueue(tx, change);
  return activation;
}

/** Calls as many of the next on the list as those on duty and those still asked fall short of the need. */
async function callReplacements(
  tx: Transaction,
  deps: ReturnType<typeof stepDeps>,
  activation: ActivationRow,
  counts: CallOutCounts,
  now: Date,
): Promise<{ called: CallOutRow[]; counts: CallOutCounts }> {
  const short = activation.needed - counts.accepted - counts.awaiting;
  if (short <= 0) return { called: [], counts };
  // Its counts are read again under the lock and updated as it calls: the counts after it.
  return escalateNow(tx, deps, activation, { count: short }, now);
}

/** The text telling a person they are relieved: thanks, and where the gathering is if named. */
function reliefText({ drill, what, title, link }: MessageParts, gathering: string | null) {
  const talk = gathering
    ? `Uppsamling och stödjande samtal: ${gathering}.`
    : "Vill du ha ett stödjande samtal, hör av dig till ledningsgruppen.";
  return {
    subject: `${drill}Avlöst: ${what} – ${title}`,
    body: `${drill}Krisstöd: du är avlöst från insatsen i ${what} – ${title}. Tack för din insats! ${talk} Mer: ${link}`,
  };
}
