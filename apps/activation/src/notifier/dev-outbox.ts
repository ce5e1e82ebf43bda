import { type Database, jsonRowsInsert } from "@krisstod/db";
import { sql } from "drizzle-orm";
import { devOutbox } from "../db/schema.ts";
import type { Notifier, OutgoingMessage } from "./notifier.ts";

/**
 * The embedded default: "sending" stores the message where the dashboard lists it, answer link
 * included. Keyed by message id, so a repeated send stores nothing new. Many messages are stored
 * with one INSERT (a county-wide call-out's thousands in a few statements, not one commit each).
 */
export function devOutboxNotifier(db: Database): Notifier {
  const store = async (messages: readonly OutgoingMessage[]) => {
    // One JSON parameter for the batch (a county call-out hands over hundreds at a time).
    const insert = jsonRowsInsert(
      devOutbox,
      messages.map((message) => ({
        messageId: message.id,
        activationId: message.activationId,
        aidRequestId: message.aidRequestId,
        personId: message.personId,
        channel: message.channel,
        to: message.to,
        subject: message.subject,
        body: message.body,
        answerLink: message.answerLink,
      })),
    );
    if (insert) await db.execute(sql`${insert} on conflict do nothing`);
  };
  return {
    async send(message) {
      await store([message]);
      return { reference: message.id };
    },
    async sendMany(messages) {
      if (messages.length === 0) return [];
      try {
        await store(messages);
        return messages.map((message) => ({ ok: true, reference: message.id }));
      } catch (error) {
        return messages.map(() => ({ ok: false, error }));
      }
    },
  };
}
