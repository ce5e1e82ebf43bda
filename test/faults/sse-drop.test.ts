import {
  createTestNamespace,
  type EventStream,
  openEventStream,
  type TestNamespace,
} from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../scenario/cluster.ts";
import { runOn, settledPicture } from "../scenario/harness.ts";
import { actors } from "../scenario/plan.ts";
import { faultPlan, faultTimeoutMs, stepAt } from "./support.ts";

describe("a dashboard's SSE connection dropped while the scenario runs", () => {
  let ns: TestNamespace;
  let cluster: Cluster;

  beforeAll(async () => {
    ns = await createTestNamespace();
    cluster = await startCluster(ns.serviceEnv());
  }, faultTimeoutMs);
  afterAll(async () => {
    await cluster?.stop();
  });

  it(
    "resumes with Last-Event-ID and gets exactly the changes it missed, each once",
    async () => {
      const plan = faultPlan();
      const headers = await ns.headers(actors.observer);
      const url = `${cluster.url("reporting")}/stream?county=13`;
      const first = await openEventStream(url, headers);
      let second: EventStream | undefined;
      let lastSeen = "";
      // Early: most of the feed's changes come with the scenario's first steps (incidents,
      // activations, centres); the visitors' many steps reach it only as the occupancy clock's
      // ticks, fewer the faster registrations go.
      const dropAt = stepAt(plan.steps.length, 0.15);
      const resumeAt = stepAt(plan.steps.length, 0.6);
      const ledger = await runOn(ns, cluster, plan, async (index) => {
        if (index === dropAt) {
          first.close();
          lastSeen = first.messages.at(-1)?.id ?? "0";
        }
        // A fresh token: in a full-size run the first one has expired by now.
        if (index === resumeAt)
          second = await openEventStream(url, {
            ...(await ns.headers(actors.observer)),
            "Last-Event-ID": lastSeen,
          });
      });
      await settledPicture(ns, cluster.url("reporting"), ledger);
      const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
      let feed: { seq: string; change: unknown }[];
      try {
        feed =
          await sql`select f.seq::text as seq, f.change from reporting.feed f where f.county_code = '13' order by f.seq`;
      } finally {
        await sql.end();
      }
      const expectedAfter = feed.filter((f) => Number(f.seq) > Number(lastSeen));
      await expect
        .poll(() => second?.messages.length ?? 0, { timeout: 20_000 })
        .toBeGreaterThanOrEqual(expectedAfter.length);
      second?.close();
      const before = first.messages.filter((m) => Number(m.id) <= Number(lastSeen));
      // Some changes came before the drop and many were missed while disconnected.
      expect(before.length).toBeGreaterThan(0);
      expect(expectedAfter.length).toBeGreaterThan(10);
      const after = second?.messages ?? [];
      // Exactly the missed changes, in order, none twice, with the feed's content.
      expect(after.map((m) => m.id)).toEqual(expectedAfter.map((f) => f.seq));
      expect(after.map((m) => JSON.parse(m.data))).toEqual(expectedAfter.map((f) => f.change));
      // Together: the whole feed, no gap and no overlap.
      expect([...before, ...after].map((m) => m.id)).toEqual(feed.map((f) => f.seq));
    },
    faultTimeoutMs,
  );
});
