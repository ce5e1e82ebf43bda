import { hallandPeople as people, waitFor } from "@krisstod/testing";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activations, devOutbox, messages, timers } from "../src/db/schema.ts";
import { type EscalationFixture, gate, startEscalationFixture } from "./escalation-fixture.ts";
import { outbox, postJson } from "./support.ts";

/**
 * Closing an incident or an activation while the timer or the sender is working on it: no
 * deadlock, no wait on the provider, nothing more goes out.
 */
describe("closing while workers hold the activation's work", () => {
  let f: EscalationFixture;
  let service: EscalationFixture["service"];
  let lead: EscalationFixture["lead"];
  let read: EscalationFixture["read"];
  let activationOfItsOwn: EscalationFixture["activationOfItsOwn"];

  beforeAll(async () => {
    f = await startEscalationFixture();
    ({ service, lead, read, activationOfItsOwn } = f);
  });
  afterAll(() => f?.stop());

  it("closes an incident while the answer timer of one of its activations is being worked, with no deadlock", async () => {
    const { other, activation } = await activationOfItsOwn("Brand i Knäreds skola", "Brand med skadade barn");
    const { db } = service.context.database;

    // The timer worker's lock order (workers/timers.ts): its timer row first, then the activation.
    const { open: release, opened: released } = gate();
    const { open: timerLocked, opened: locked } = gate();
    let heldTimers = 0;
    const worker = db.transaction(async (tx) => {
      heldTimers = (
        await tx
          .select()
          .from(timers)
          .where(and(eq(timers.activationId, activation.id), isNull(timers.processedAt)))
          .for("update")
      ).length;
      timerLocked();
      await released;
      const [row] = await tx
        .select()
        .from(activations)
        .where(eq(activations.id, activation.id))
        .for("update");
      return row?.status;
    });
    await locked;
    expect(heldTimers).toBe(1);
    const closing = postJson(`${service.url}/incidents/${other.id}/close`, {}, lead);
    // The close holds the incident and the activation once it either finished or waits for a lock.
    const waitingOnLock = async () => {
      const [row] = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from pg_stat_activity
         where wait_event_type = 'Lock' and datname = current_database()`);
      return (row?.n ?? 0) > 0;
    };
    let closeDone = false;
    void closing.finally(() => {
      closeDone = true;
    });
    await waitFor(async () => closeDone || (await waitingOnLock()));
    release();

    const closed = await closing;
    expect(closed.status, await closed.clone().text()).toBe(200);
    // The worker then finds the activation closed, and its step does nothing.
    expect(await worker).toBe("closed");
    expect((await read(activation.id)).status).toBe("closed");
  });

  it("closes an activation while the sender holds one of its messages, without waiting for the provider; nothing more goes out", async () => {
    const { activation } = await activationOfItsOwn("Brand i Hishults kyrka", "Brand i kyrkan");
    await waitFor(async () => (await outbox(service.url, activation.id, lead)).length > 0);
    const { db } = service.context.database;
    const later = new Date(Date.now() + 3_600_000);
    const message = (id: string, minute: number) => ({
      id,
      activationId: activation.id,
      personId: people.lg2,
      channel: "sms",
      to: "+46700000000",
      subject: "Inkallelse",
      body: `Test ${minute}`,
      answerLink: "https://krisstod.example/x",
      status: "pending",
      nextAttemptAt: later,
    });
    const [inFlight, queued, retry] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await db.insert(messages).values([message(inFlight, 1), message(queued, 2)]);

    // The sender's hold on a message while the provider answers (workers/sender.ts).
    const { open: release, opened: released } = gate();
    const { open: held, opened: holding } = gate();
    const sender = db.transaction(async (tx) => {
      await tx.select().from(messages).where(eq(messages.id, inFlight)).for("update");
      held();
      await released;
      await tx.update(messages).set({ status: "sent" }).where(eq(messages.id, inFlight));
    });
    await holding;
    const closing = postJson(`${service.url}/activations/${activation.id}/close`, {}, lead);
    const outcome = await Promise.race([
      closing.then((r) => r.status),
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 5_000)),
    ]);
    release();
    await sender;
    expect(outcome).toBe(200);
    const statusOf = async (id: string) =>
      (await db.select({ status: messages.status }).from(messages).where(eq(messages.id, id)))[0]?.status;
    expect(await statusOf(inFlight)).toBe("sent");
    expect(await statusOf(queued)).toBe("cancelled");

    // A message of the closed activation that is due (a retry) is not handed to the provider.
    await db.insert(messages).values({ ...message(retry, 3), nextAttemptAt: new Date() });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await statusOf(retry)).toBe("pending");
    expect(await db.select().from(devOutbox).where(eq(devOutbox.messageId, retry))).toEqual([]);
  });
});
