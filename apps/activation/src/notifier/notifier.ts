/** One message to one person, as the sender hands it to a notifier. */
export interface OutgoingMessage {
  /** Stable across retries: adapters pass it on as the idempotency key. */
  id: string;
  activationId: string;
  personId: string;
  channel: "sms" | "email";
  to: string;
  subject: string;
  body: string;
  answerLink: string;
}

/**
 * Delivers call-out messages. `send` may be called again with the same message after a crash
 * between delivery and bookkeeping; adapters pass the message id on so a repeat can be recognised.
 */
export interface Notifier {
  send(message: OutgoingMessage): Promise<{ reference?: string }>;
}

/** Routes each channel to its adapter. */
export function channelNotifier(adapters: Record<OutgoingMessage["channel"], Notifier>): Notifier {
  return { send: (message) => adapters[message.channel].send(message) };
}
