/** One message to one person, as the sender hands it to a notifier. */
export interface OutgoingMessage {
  /** Stable across retries: adapters pass it on as the idempotency key. */
  id: string;
  /** The activation it is of, or (a debrief offer to people sent to another county) the aid request. */
  activationId: string | null;
  aidRequestId: string | null;
  personId: string;
  channel: "sms" | "email";
  to: string;
  subject: string;
  body: string;
  answerLink: string;
}

/** What became of one message handed to a notifier. */
export type SendOutcome = { ok: true; reference: string | undefined } | { ok: false; error: unknown };

/**
 * Delivers call-out messages. `send` may be called again with the same message after a crash
 * between delivery and bookkeeping; adapters pass the message id on so a repeat can be recognised.
 */
export interface Notifier {
  send(message: OutgoingMessage): Promise<{ reference?: string }>;
  /**
   * Several messages at once, where the adapter can take them in one go (one statement, one
   * provider request): a county-wide call-out hands over thousands. Outcomes in the messages'
   * order. Without it, `sendAll` sends them one by one, a few at a time.
   */
  sendMany?(messages: readonly OutgoingMessage[]): Promise<SendOutcome[]>;
}

/** Hands `messages` to the notifier: in one go where it can, else `parallel` sends in flight at once. */
export async function sendAll(
  notifier: Notifier,
  messages: readonly OutgoingMessage[],
  parallel: number,
): Promise<SendOutcome[]> {
  if (notifier.sendMany) return notifier.sendMany(messages);
  const outcomes: SendOutcome[] = new Array(messages.length);
  let next = 0;
  const lane = async () => {
    while (next < messages.length) {
      const index = next++;
      try {
        const { reference } = await notifier.send(messages[index] as OutgoingMessage);
        outcomes[index] = { ok: true, reference };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, messages.length) }, lane));
  return outcomes;
}

/** Routes each channel to its adapter (each channel's messages in one go where its adapter can). */
export function channelNotifier(
  adapters: Record<OutgoingMessage["channel"], Notifier>,
  parallel = 4,
): Notifier {
  return {
    send: (message) => adapters[message.channel].send(message),
    async sendMany(messages) {
      const outcomes: SendOutcome[] = new Array(messages.length);
      // One adapter may serve both channels (the development outbox): then one hand-over for all.
      const byAdapter = new Map<Notifier, number[]>();
      for (const [index, message] of messages.entries()) {
        const adapter = adapters[message.channel];
        byAdapter.set(adapter, [...(byAdapter.get(adapter) ?? []), index]);
      }
      await Promise.all(
        [...byAdapter].map(async ([adapter, indices]) => {
          const results = await sendAll(
            adapter,
            indices.map((i) => messages[i] as OutgoingMessage),
            parallel,
          );
          for (const [k, i] of indices.entries()) outcomes[i] = results[k] as SendOutcome;
        }),
      );
      return outcomes;
    },
  };
}
