import type { Database } from "@krisstod/db";
import { devOutbox } from "../db/schema.ts";
import type { Notifier } from "./notifier.ts";

/**
 * The embedded default: "sending" stores the message where the dashboard lists it, answer link
 * included. Keyed by message id, so a repeated send stores nothing new.
 */
export function devOutboxNotifier(db: Database): Notifier {
  return {
    async send(message) {
      await db
        .insert(devOutbox)
        .values({
          messageId: message.id,
          activationId: message.activationId,
          personId: message.personId,
          channel: message.channel,
          to: message.to,
          subject: message.subject,
          body: message.body,
          answerLink: message.answerLink,
        })
        .onConflictDoNothing();
      return { reference: message.id };
    },
  };
}
