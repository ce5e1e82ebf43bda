import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { activationService } from "@krisstod/activation";
import { natsConnectOptions } from "@krisstod/bus";
import { Incident, RegionalPicture, subjects } from "@krisstod/contracts";
import { findFreePort } from "@krisstod/local-infra";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, startTestNatsServer, type TestNatsServer, waitFor } from "@krisstod/testing";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hallandObserver, halmstadLead, incidentBody, postJson } from "./support.ts";

const OUTAGE_MS = 10_000;

describe("a NATS outage while incidents are created", () => {
  let nats: TestNatsServer;
  let storeDir: string;
  let natsPort: number;
  let activation: RunningService;
  let reporting: RunningService;
  let databaseUrl: string;
  let namespace: string;
  let lead: Record<string, string>;
  let observer: Record<string, string>;

  beforeAll(async () => {
    // A NATS server of our own, so the test can stop it without disturbing other files.
    storeDir = mkdtempSync(join(tmpdir(), "krisstod-outage-"));
    natsPort = await findFreePort();
    nats = await startTestNatsServer({ port: natsPort, storeDir });
    const ns = await createTestNamespace();
    databaseUrl = ns.databaseUrl;
    namespace = ns.natsNamespace;
    lead = await ns.headers(halmstadLead);
    observer = await ns.headers(hallandObserver);
    const env = ns.serviceEnv({ NATS_URL: nats.url });
    activation = await startService(activationService, env);
    reporting = await startService(reportingService, env);
  });
  afterAll(async () => {
    await activation?.stop();
    await reporting?.stop();
    await nats?.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });

  async function create(title: string): Promise<string> {
    const response = await postJson(`${activation.url}/incidents`, incidentBody({ title }), lead);
    expect(response.status).toBe(201);
    return Incident.parse(await response.json()).id;
  }

  it("loses none and duplicates none: all appear once NATS is back", { timeout: 60_000 }, async () => {
    const before = [await create("Före avbrottet 1"), await create("Före avbrottet 2")];
    await waitFor(async () => (await picture()).length >= 2, { message: "picture before outage" });

    await nats.stop("SIGKILL");
    // Ready on the database alone: the load balancer keeps every replica while the bus is away,
    // and NATS's state is still there for monitoring.
    for (const service of [activation, reporting]) {
      const ready = await fetch(`${service.url}/readyz`);
      const body = (await ready.json()) as { checks: Record<string, string> };
      expect(ready.status, `${service.url}/readyz with NATS down`).toBe(200);
      expect(body.checks.database).toBe("ok");
      expect(body.checks.nats).not.toBe("ok");
      const detail = (await (await fetch(`${service.url}/healthz?detail`)).json()) as {
        checks: Record<string, string>;
      };
      expect(detail.checks.nats).not.toBe("ok");
    }
    const during: string[] = [];
    const outageEnds = Date.now() + OUTAGE_MS;
    let n = 0;
    while (Date.now() < outageEnds) {
      during.push(await create(`Under avbrottet ${++n}`));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    // The writes were acknowledged while the bus was down; none has reached the picture.
    expect((await picture()).filter((id) => during.includes(id))).toEqual([]);

    nats = await startTestNatsServer({ port: natsPort, storeDir });
    const all = [...before, ...during];
    await waitFor(
      async () => {
        const ids = await picture();
        return all.every((id) => ids.includes(id));
      },
      { timeoutMs: 20_000, message: "every incident reached the picture after the outage" },
    );

    // Exactly once: one feed change per incident, one stream message per event.
    const sql = postgres(databaseUrl, { max: 1 });
    try {
      const rows = await sql<{ id: string; changes: number }[]>`
        select change->'incident'->>'id' as id, count(*)::int as changes from reporting.feed group by 1`;
      expect(rows.filter((r) => all.includes(r.id)).map((r) => r.changes)).toEqual(all.map(() => 1));
    } finally {
      await sql.end();
    }
    const nc = await connect(natsConnectOptions(nats.harnessUrl));
    try {
      const info = await (await jetstreamManager(nc)).streams.info(subjects.eventStream(namespace));
      expect(info.state.messages).toBe(all.length);
    } finally {
      await nc.close();
    }
  });

  async function picture(): Promise<string[]> {
    const response = await fetch(`${reporting.url}/picture?county=13`, { headers: observer });
    return RegionalPicture.parse(await response.json()).incidents.map((i) => i.id);
  }
});
