import { parseEnvelope, readInOrder } from "@krisstod/bus";
import type { NationalPicture } from "@krisstod/contracts";
import type { Logger } from "@krisstod/logging";
import { type ConsumerMessages, type JsMsg, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { applyNationalEvent, emptyNationalState, nationalPicture } from "./national-picture.ts";

/**
 * Follows the hub's national stream from its first message with an ordered consumer (the server
 * keeps no state for it; a gap or a reconnect restarts it where it stopped) and folds every event
 * into the national picture in memory. Every so often it also reads the stream's sources: the
 * hub's view of each county's leaf link (`active`, how long since the source last moved), which is
 * the "how old is this county's data" of the picture.
 */
export class NationalFollower {
  private readonly state = emptyNationalState();
  private readonly silent = new Map<string, number>();
  private lastSequence = 0;
  /** The stream's last sequence when we started: ready once read up to it. */
  private startedAt: number | undefined;
  private stopped = false;
  private messages: ConsumerMessages | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      nc: NatsConnection;
      stream: string;
      /** County code → the JetStream domain of its source. */
      counties: ReadonlyMap<string, string>;
      intervalMs: number;
      logger: Logger;
    },
  ) {}

  async start(): Promise<void> {
    const { nc, stream } = this.options;
    const jsm = await jetstreamManager(nc);
    this.startedAt = (await jsm.streams.info(stream)).state.last_seq;
    await this.readSources();
    this.timer = setInterval(() => {
      void this.readSources();
    }, this.options.intervalMs);
    const messages = await readInOrder(nc, stream, { maxMessages: 500 });
    this.messages = messages;
    void (async () => {
      for await (const message of messages) this.apply(message);
    })().catch((error: unknown) => {
      if (!this.stopped) this.options.logger.error({ err: String(error) }, "national stream reading stopped");
    });
  }

  /** Ready once the stream as it was at start has been read (the picture is then complete). */
  caughtUp(): boolean {
    return this.startedAt !== undefined && this.lastSequence >= this.startedAt;
  }

  picture(now = new Date()): NationalPicture {
    return nationalPicture(this.state, {
      now,
      linkSilentSeconds: this.silent,
      counties: [...this.options.counties.keys()],
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.messages?.close();
  }

  private apply(message: JsMsg): void {
    this.lastSequence = message.seq;
    const parsed = parseEnvelope(message);
    // A county's source only brings that county's subjects (national-sources.json filters them),
    // and an envelope that disagrees with its subject is skipped as the county's own consumers do.
    if (parsed.ok) applyNationalEvent(this.state, parsed.event);
    else
      this.options.logger.warn(
        { seq: message.seq, reason: parsed.reason },
        "national stream: not an event envelope, skipped",
      );
  }

  private async readSources(): Promise<void> {
    try {
      const jsm = await jetstreamManager(this.options.nc);
      const info = await jsm.streams.info(this.options.stream);
      for (const [code, domain] of this.options.counties) {
        const source = (info.sources ?? []).find(
          (s) => (s as { external?: { api?: string } }).external?.api === `$JS.${domain}.API`,
        );
        // -1: the source has not moved since the hub started it (nothing heard yet).
        if (source && source.active >= 0) this.silent.set(code, source.active / 1e9);
        else this.silent.delete(code);
      }
    } catch (error) {
      this.options.logger.warn({ err: String(error) }, "national stream: sources not read");
    }
  }
}
