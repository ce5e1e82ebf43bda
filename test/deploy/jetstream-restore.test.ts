// The JetStream restore drill (docs/operations.md, "Restore drills"): the county's event stream is
// mirrored to a backup stream (infra/nats/event-stream-backup.json, on the national hub in
// production; here on the same server), the stream is lost, and restoreEventStreamFromMirror
// (the code scripts/restore-drill.sh runs) publishes it back from the mirror: every event, in order,
// with its subject, headers and sequence number. The service then writes to it again, and the
// mirror follows. The nats CLI's `stream backup`/`restore` (snapshots) has no counterpart in nats.js,
// which is why the drill restores from a mirror.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { activationService } from "@krisstod/activation";
import { natsConnectOptions, restoreEventStreamFromMirror } from "@krisstod/bus";
import { subjects } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { type JetStreamManager, jetstream, jetstreamManager, type StreamConfig } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { halmstadLead, incidentBody, postJson } from "../e2e/support.ts";
import { repoRoot } from "./support.ts";

/** Enough history that the restore time means something: events of about a kilobyte each. */
const FILLER_EVENTS = 5_000;

describe("the event stream restored from its backup mirror", () => {
  let ns: TestNamespace;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let stream: string;
  let mirror: string;
  const services: RunningService[] = [];

  beforeAll(async () => {
    ns = await createTestNamespace();
    nc = await connect(natsConnectOptions(ns.natsUrl));
    jsm = await jetstreamManager(nc);
    stream = subjects.eventStream(ns.natsNamespace);
    mirror = `${stream}_BACKUP`;
  });
  afterAll(async () => {
    for (const service of services) await service.stop().catch(() => {});
    await jsm?.streams.delete(mirror).catch(() => {});
    await nc?.close();
    await ns?.drop();
  });

  /** Every message of a stream as a consumer would see it: sequence, subject, event id, payload. */
  async function contents(name: string) {
    const { state } = await jsm.streams.info(name);
    const messages: { seq: number; subject: string; id: string | undefined; data: string }[] = [];
    if (state.messages === 0) return messages;
    const reading = await (await jetstream(nc).consumers.get(name)).consume();
    for await (const m of reading) {
      messages.push({ seq: m.seq, subject: m.subject, id: m.headers?.get("Nats-Msg-Id"), data: m.string() });
      if (m.seq >= state.last_seq) break;
    }
    await reading.close();
    return messages;
  }
  const messageCount = async (name: string) => (await jsm.streams.info(name)).state.messages;

  it("brings back every event in order, and the service and the mirror carry on", async () => {
    const lead = await ns.headers(halmstadLead);
    const activation = await startService(activationService, ns.serviceEnv());
    services.push(activation);
    // The backup mirror as infra/nats/event-stream-backup.json sets it up on the backup cluster;
    // on this one server it mirrors the stream directly (no external API prefix, one replica).
    const backup = JSON.parse(readFileSync(join(repoRoot, "infra/nats/event-stream-backup.json"), "utf8"));
    const config: Partial<StreamConfig> & { name: string } = {
      ...backup,
      name: mirror,
      num_replicas: 1,
      mirror: { name: stream },
    };
    await jsm.streams.add(config);

    for (const title of ["Brand i Halmstad", "Bussolycka vid E6"]) {
      expect((await postJson(`${activation.url}/incidents`, incidentBody({ title }), lead)).status).toBe(201);
    }
    await waitFor(async () => (await messageCount(stream)) >= 2);
    const js = jetstream(nc);
    const filler = subjects.event(ns.natsNamespace, "13", "kommun-1380", "drill.filler");
    for (let i = 0; i < FILLER_EVENTS; i += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, j) =>
          js.publish(filler, JSON.stringify({ n: i + j, pad: "x".repeat(1_000) }), {
            msgID: `filler-${i + j}`,
          }),
        ),
      );
    }
    const original = await contents(stream);
    await waitFor(async () => (await messageCount(mirror)) === original.length, { timeoutMs: 60_000 });

    // The county cluster loses the stream.
    await activation.stop();
    await jsm.streams.delete(stream);

    const started = performance.now();
    const restored = await restoreEventStreamFromMirror(nc, {
      namespace: ns.natsNamespace,
      replicas: 1,
      mirror: { name: mirror },
    });
    const restoreMs = performance.now() - started;
    expect(restored).toEqual({ messages: original.length, lastSequence: original.length });
    // The bound docs/operations.md ("Restore drills") states for this drill.
    expect(restoreMs).toBeLessThan(30_000);
    expect(await contents(stream)).toEqual(original);
    expect((await jsm.streams.info(stream)).config.sources ?? []).toEqual([]);

    // The service starts on the restored stream and writes to it; the mirror follows on.
    const again = await startService(activationService, ns.serviceEnv());
    services.push(again);
    expect(
      (await postJson(`${again.url}/incidents`, incidentBody({ title: "Efter återställningen" }), lead))
        .status,
    ).toBe(201);
    await waitFor(async () => (await messageCount(stream)) === original.length + 1);
    await waitFor(async () => (await messageCount(mirror)) === original.length + 1, { timeoutMs: 30_000 });
    const last = await jsm.streams.getMessage(mirror, { last_by_subj: `${ns.natsNamespace}.events.>` });
    expect(last?.string()).toContain("Efter återställningen");

    const megabytes = (await jsm.streams.info(stream)).state.bytes / 1e6;
    console.info(
      `restore drill (JetStream from mirror): ${restored.messages} events, ${megabytes.toFixed(1)} MB, restored in ${Math.round(restoreMs)} ms`,
    );
  }, 120_000);
});
