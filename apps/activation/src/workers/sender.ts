import type { ServiceContext } from "@krisstod/runtime";
import { and, asc, eq, lte, sql } from "drizzle-orm";
import { activations, messages } from "../db/schema.ts";
import { type Notifier, sendAll } from "../notifier/index.ts";
import type { ActivationParts } from "../parts.ts";
import { startPoller } from "./poller.ts";

const BATCH = 500;
/**
 * Sends in flight at once per batch, for an adapter that takes one message at a time. Kept small: the development outbox sends over the same pool
 * (10 connections, one held by this batch's transaction) that HTTP, timers and the relay need too.
 */
const PARALLEL = 4;

const GIVE_UP_AFTER = 12;

/**
 * A call-out whose activation has been closed: nothing more of it goes out (see close.ts). Debrief
 * offers are written after the close on purpose (Laholm 3.7 "Efter att en POSOM-insats avslutats
 * ska alla som deltagit i arbetet erbjudas stödsamtal"), so they are never held back by it.
 */
const activationClosed = sql`(${messages.kind} = 'call-out' and exists (select 1 from ${activations} where ${activations.id} = ${messages.activationId} and ${activations.status} = 'closed'))`;

/**
 * Hands pending messages to the notifier. Rows are claimed with FOR UPDATE SKIP LOCKED, so replicas
 * never send the same row at once; a row becomes `sent` only after the notifier took it. A crash in
 * between leaves it pending and it is sent again with the same message id, which the adapters pass
 * on as idempotency key (the development outbox stores it once). Up to BATCH rows are sent, a few
 * at a time or in one go where the adapter can (`sendMany`), and marked `sent` together in one UPDATE; a crash mid-batch re-sends that batch, which
 * the idempotency key makes harmless.
 */
export function startSender(context: ServiceContext, parts: ActivationParts, notifier: Notifier) {
  const { db } = context.database;
  const sends = context.metrics.notifier();
  const poller = startPoller({
    name: "sender",
    intervalMs: parts.env.SENDER_POLL_MS,
    logger: context.logger,
    work: () =>
      db.transaction(async (tx) => {
        const batch = await tx
          .select()
          .from(messages)
          .where(
            and(
              eq(messages.status, "pending"),
              lte(messages.nextAttemptAt, new Date()),
              // Closing cancels what the sender does not hold; a retry of one it held is not sent.
              sql`not ${activationClosed}`,
            ),
          )
          .orderBy(asc(messages.createdAt))
          .limit(BATCH)
          .for("update", { skipLocked: true });
        // In one go where the adapter can (the development outbox: one INSERT), else a few sends
        // in flight at once (providers answer in tens of ms); outcomes keep batch order.
        const outcomes = await sendAll(
          notifier,
          batch.map((message) => ({
            id: message.id,
            activationId: message.activationId,
            aidRequestId: message.aidRequestId,
            personId: message.personId,
            channel: message.channel as "sms" | "email",
            to: message.to,
            subject: message.subject,
            body: message.body,
            answerLink: message.answerLink,
          })),
          PARALLEL,
        );
        // A failing SMS or mail provider shows here before anyone misses a call-out.
        for (const [index, message] of batch.entries())
          sends.sent(message.channel, outcomes[index]?.ok ? "sent" : "failed");

        // Everything the notifier took becomes `sent` in one statement.
        const sent = batch.flatMap((message, index) => {
          const outcome = outcomes[index];
          return outcome?.ok ? [{ id: message.id, reference: outcome.reference }] : [];
        });
        if (sent.length > 0) {
          // One JSON parameter, not a VALUES list built per message (batches of hundreds).
          await tx.execute(sql`
            update ${messages}
               set status = 'sent', sent_at = now(), attempts = ${messages.attempts} + 1,
                   provider_reference = sent.reference
              from json_to_recordset(${JSON.stringify(sent)}::json) as sent(id uuid, reference text)
             where ${messages.id} = sent.id`);
        }
        // Failures are rare: each gets its own back-off.
        for (const [index, message] of batch.entries()) {
          const outcome = outcomes[index];
          if (!outcome || outcome.ok) continue;
          const attempts = message.attempts + 1;
          const delayMs = Math.min(300_000, 500 * 2 ** attempts);
          context.logger.warn(
            { err: String(outcome.error), messageId: message.id, attempts },
            "message not sent",
          );
          await tx
            .update(messages)
            .set({
              // A failed send of a closed activation's message is not retried.
              status: sql`case when ${activationClosed} then 'cancelled' else ${attempts >= GIVE_UP_AFTER ? "failed" : "pending"} end`,
              attempts,
              lastError: String(outcome.error).slice(0, 500),
              nextAttemptAt: sql`now() + make_interval(secs => ${delayMs / 1000})`,
            })
            .where(eq(messages.id, message.id));
        }
        return batch.length === BATCH;
      }),
  });
  parts.wake.sender = poller.wake;
  return poller.stop;
}
