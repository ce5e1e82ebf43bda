import { subjects } from "@krisstod/contracts";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import { DiscardPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureEventStream, natsConnectOptions } from "../src/index.ts";

// A size-limited event stream refuses events once full instead of dropping the oldest, which the
// picture's replay needs; the outbox keeps a refused event and retries it.
describe("ensureEventStream with a size limit", () => {
  let ns: TestNamespace;
  let nc: NatsConnection;
  beforeAll(async () => {
    ns = await createTestNamespace();
    nc = await connect(natsConnectOptions(ns.natsUrl));
  });
  afterAll(async () => {
    await nc?.close();
  });

  it("sets max_bytes, and a full stream refuses new events while keeping the first", async () => {
    const name = await ensureEventStream(nc, { namespace: ns.natsNamespace, replicas: 1, maxBytes: 4096 });
    const info = await (await jetstreamManager(nc)).streams.info(name);
    expect(info.config.max_bytes).toBe(4096);
    expect(info.config.discard).toBe(DiscardPolicy.New);
    const js = jetstream(nc);
    const subject = subjects.allEvents(ns.natsNamespace).replace(">", "13.test.filled");
    const payload = new Uint8Array(1500);
    const results: string[] = [];
    for (let i = 0; i < 5; i++) {
      results.push(
        await js.publish(subject, payload).then(
          () => "stored",
          (error: Error) => error.message,
        ),
      );
    }
    expect(results.slice(0, 2)).toEqual(["stored", "stored"]);
    expect(results.at(-1)).toMatch(/maximum bytes exceeded/i);
    const after = await (await jetstreamManager(nc)).streams.info(name);
    expect(after.state.first_seq).toBe(1);
  });

  it("has no limit unless given one, so development is unchanged", async () => {
    const name = await ensureEventStream(nc, { namespace: ns.natsNamespace, replicas: 1 });
    expect((await (await jetstreamManager(nc)).streams.info(name)).config.max_bytes).toBe(-1);
  });
});
