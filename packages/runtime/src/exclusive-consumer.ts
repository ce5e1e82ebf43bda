import { type EventConsumer, InterruptibleSleep } from "@krisstod/bus";
import type { DatabaseHandle, Sql } from "@krisstod/db";
import type { Logger } from "@krisstod/logging";

/**
 * Runs a consumer in one process of the service at a time; the other replicas stand by. For
 * projections that keep "the latest state" (the regional picture): replicas sharing a durable
 * consumer each hold different messages at once, so a replica can commit an older event after
 * another replica committed a newer one, and the older state wins (found by the two-replica
 * cluster test, test/faults/nats-cluster.test.ts: an activation left "calling" after it was
 * "staffed", a centre's visitor counts of an earlier moment).
 *
 * Who runs it is decided by a PostgreSQL session advisory lock on a connection of its own: when
 * the holder dies (kill -9 included) PostgreSQL ends its session and frees the lock, and a standby
 * takes over within `pollMs`; the consumer's start catches up with what its predecessor held
 * unacknowledged, in stream order (EventConsumer.catchUp). If the lock's connection breaks (the
 * database restarted), the consumer stops and competes for the lock again.
 */
export class ExclusiveConsumer {
  private stopped = false;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly pause = new InterruptibleSleep();

  constructor(
    private readonly consumer: EventConsumer,
    private readonly database: DatabaseHandle,
    private readonly logger: Logger,
    private readonly pollMs = 1_000,
  ) {}

  get durable(): string {
    return this.consumer.durable;
  }

  lag(): ReturnType<EventConsumer["lag"]> {
    return this.consumer.lag();
  }

  /** Returns at once: the consumer starts when (and whenever) this process holds the lock. */
  async start(): Promise<void> {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pause.interrupt();
    await this.loop;
  }

  private async run(): Promise<void> {
    const key = `exclusive-consumer:${this.consumer.durable}`;
    while (!this.stopped) {
      let session: Sql | undefined;
      try {
        session = this.database.openSession();
        // The session the lock was taken in. postgres.js opens a new session for the next query
        // when the old one ends, so the heartbeat asks which session answers: another one holds
        // no lock.
        let holder: number | undefined;
        while (!this.stopped) {
          const [row] =
            holder === undefined
              ? await session<{ pid: number; locked: boolean }[]>`
                  select pg_backend_pid() as pid, pg_try_advisory_lock(hashtext(${key})) as locked`
              : await session<
                  { pid: number; locked: boolean }[]
                >`select pg_backend_pid() as pid, true as locked`;
          if (holder !== undefined && row?.pid !== holder) throw new Error("the lock's session ended");
          if (holder === undefined && row?.locked) {
            holder = row.pid;
            this.logger.info({ consumer: this.consumer.durable }, "this process runs the exclusive consumer");
            await this.consumer.start();
            this.running = true;
          }
          await this.pause.sleep(this.pollMs);
        }
      } catch (error) {
        this.logger.warn(
          { consumer: this.consumer.durable, err: error instanceof Error ? error.message : String(error) },
          "exclusive consumer lost its lock connection; stopping it and competing again",
        );
      }
      if (this.running) {
        this.running = false;
        await this.consumer.stop().catch(() => {});
      }
      // Ending the session frees the lock (PostgreSQL frees a session's locks when it ends).
      await session?.end({ timeout: 1 }).catch(() => {});
      if (!this.stopped) await this.pause.sleep(this.pollMs);
    }
  }
}
