import type { ServiceContext } from "@krisstod/runtime";
import { and, asc, eq, lte, sql } from "drizzle-orm";
import { messages } from "../db/schema.ts";
import type { Notifier } from "../notifier/index.ts";
import type { ActivationParts } from "../parts.ts";
import { startPoller } from "./poller.ts";

const BATCH = 20;
const GIVE_UP_AFTER = 12;

/**
 * Hands pending messages to the notifier. Rows are claimed with FOR UPDATE SKIP LOCKED, so replicas
 * never send the same row at once; a row becomes `sent` only after the notifier took it. A crash in
 * between leaves it pending and it is sent again with the same message id, which the adapters pass
 * on as idempotency key (the development outbox stores it once).
 */
export function startSender(context: ServiceContext, parts: ActivationParts, notifier: Notifier) {
  const { db } = context.database;
  const poller = startPoller({
    name: "sender",
    intervalMs: parts.env.SENDER_POLL_MS,
    logger: context.logger,
    work: () =>
      db.transaction(async (tx) => {
        const batch = await tx
          .select()
          .from(messages)
          .where(and(eq(messages.status, "pending"), lte(messages.nextAttemptAt, new Date())))
          .orderBy(asc(messages.createdAt))
          .limit(BATCH)
          .for("update", { skipLocked: true });
        for (const message of batch) {
          try {
            const { reference } = await notifier.send({
              id: message.id,
              activationId: message.activationId,
              personId: message.personId,
              channel: message.channel as "sms" | "email",
              to: message.to,
              subject: message.subject,
              body: message.body,
              answerLink: message.answerLink,
            });
            await tx
              .update(messages)
              .set({
                status: "sent",
                sentAt: new Date(),
                attempts: message.attempts + 1,
                providerReference: reference,
              })
              .where(eq(messages.id, message.id));
          } catch (error) {
            const attempts = message.attempts + 1;
            const delayMs = Math.min(300_000, 500 * 2 ** attempts);
            context.logger.warn({ err: String(error), messageId: message.id, attempts }, "message not sent");
            await tx
              .update(messages)
              .set({
                status: attempts >= GIVE_UP_AFTER ? "failed" : "pending",
                attempts,
                lastError: String(error).slice(0, 500),
                nextAttemptAt: sql`now() + make_interval(secs => ${delayMs / 1000})`,
              })
              .where(eq(messages.id, message.id));
          }
        }
        return batch.length === BATCH;
      }),
  });
  parts.wake.sender = poller.wake;
  return poller.stop;
}
