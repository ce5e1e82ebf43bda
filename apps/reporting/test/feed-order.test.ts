import { createEvent } from "@krisstod/bus";
import {
  ActivationCallOutChanged,
  ActivationDecided,
  FullRegionalPicture,
  SituationReportSubmitted,
} from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import {
  createTestNamespace,
  type EventStream,
  openEventStream,
  type TestNamespace,
  waitFor,
} from "@krisstod/testing";
import { sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingService } from "../src/index.ts";
import { appendToFeed, type FeedRows, projectEvents } from "../src/picture/projection.ts";
import { type Actors, actors, callOutCounts, getJson } from "./support.ts";

/**
 * The stream's cursor (SSE id, Last-Event-ID) is the feed's sequence. Several writers append to
 * the feed at once (replicas of the projection, a rebuild); a dashboard that resumes from the
 * last id it saw must still get every change, also when a writer that took a lower sequence
 * commits after one that took a higher.
 */
describe("the picture stream with concurrent feed writers", () => {
  let ns: TestNamespace;
  let service: RunningService;
  let as: Actors;

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
    as = await actors(ns);
  });
  afterAll(async () => {
    await service?.stop();
  });

  /** A situation report of its own incident: one `situation-report.upserted` change, named by it. */
  const report = () => {
    const incidentId = uuidv7();
    const event = createEvent(SituationReportSubmitted, {
      organisationId: "kommun-1380",
      countyCode: "13",
      aggregateId: incidentId,
      data: {
        reportId: uuidv7(),
        incidentId,
        version: 1,
        submittedAt: new Date().toISOString(),
        nextReportDue: null,
      },
    });
    return { incidentId, event };
  };
  /** A writer like the projection: its changes in one transaction, held open for `hold` first. */
  const write = (events: ReturnType<typeof report>[], hold: () => Promise<void>, inserted = () => {}) =>
    service.context.database.db.transaction(async (tx) => {
      await projectEvents(
        tx,
        events.map((e) => e.event),
      );
      inserted();
      await hold();
    });
  const lastEventId = async () =>
    FullRegionalPicture.parse(await getJson(`${service.url}/picture?county=13`, as.observer)).lastEventId;
  const open = (after: number) =>
    openEventStream(`${service.url}/stream?county=13`, { ...as.observer, "Last-Event-ID": String(after) });
  /** The incidents of the situation-report changes a stream delivered, with their ids. */
  const seen = (stream: EventStream) =>
    stream.messages
      .filter((m) => m.event === "section")
      .map((m) => ({
        id: Number(m.id),
        incidentId: (JSON.parse(m.data) as { report: { incidentId: string } }).report.incidentId,
      }));

  it("delivers a change committed late with a lower id to a reader that already saw a higher one", async () => {
    const start = await lastEventId();
    const first = await open(start);
    const early = report();
    const late = report();
    let releaseEarly = () => {};
    let earlyInserted = false;
    // The early writer takes its sequence first and commits last.
    const earlyDone = write(
      [early],
      () =>
        new Promise<void>((resolve) => {
          releaseEarly = resolve;
        }),
      () => {
        earlyInserted = true;
      },
    );
    await waitFor(() => earlyInserted, { message: "the early writer did not insert" });
    let lateCommitted = false;
    const lateDone = write([late], async () => {}).then(() => {
      lateCommitted = true;
    });
    // Either the late writer commits (and the reader can see it before the early one), or it
    // waits for the early writer's feed lock: only then may the early one commit.
    await waitFor(
      async () =>
        lateCommitted ||
        (
          await service.context.database.db.execute<{ n: number }>(sql`
            select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'
              and query like '%pg_advisory_xact_lock%'`)
        )[0]?.n === 1,
      { message: "the late writer neither committed nor waited" },
    );
    if (lateCommitted) {
      await waitFor(() => seen(first).some((s) => s.incidentId === late.incidentId), {
        timeoutMs: 5_000,
        message: "the reader never saw the late writer's change",
      });
    }
    releaseEarly();
    await Promise.all([earlyDone, lateDone]);
    // Give the live stream time to deliver, then the reader drops and resumes from the last id.
    await new Promise((resolve) => setTimeout(resolve, 500));
    first.close();
    const before = seen(first);
    const resumed = await open(before.at(-1)?.id ?? start);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const all = [...before, ...seen(resumed)];
      expect(all.map((s) => s.incidentId).sort()).toEqual([early.incidentId, late.incidentId].sort());
      // In cursor order, the early writer's change first.
      expect(all.map((s) => s.incidentId)).toEqual([early.incidentId, late.incidentId]);
    } finally {
      resumed.close();
    }
  });

  it("catches a resuming reader up over a backlog of several pages while new changes keep coming", {
    timeout: 60_000,
  }, async () => {
    const start = await lastEventId();
    /** Feed rows as the projection appends them (the stream sends them as they are). */
    const append = (n: number) => {
      const rows = Array.from({ length: n }, () => {
        const { event, incidentId } = report();
        const data = event.data as { version: number; submittedAt: string };
        const change = {
          kind: "situation-report.upserted" as const,
          report: {
            incidentId,
            organisationId: "kommun-1380",
            countyCode: "13",
            ...data,
            nextReportDue: null,
          },
        };
        return { incidentId, row: { countyCode: "13", change } };
      });
      return service.context.database.db
        .transaction((tx) => appendToFeed(tx, rows.map((r) => r.row) as FeedRows))
        .then(() => rows.map((r) => r.incidentId));
    };
    // Several pages (1,000 entries each) missed while disconnected.
    const backlog = await append(4_500);
    // Changes keep coming while the reader reconnects and is caught up.
    const live: string[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        live.push(...(await append(1)));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stream = await open(start);
    try {
      await waitFor(() => seen(stream).length > backlog.length, {
        timeoutMs: 20_000,
        message: "the reader was not caught up",
      }).catch(() => {});
      writing = false;
      await writer;
      const all = [...backlog, ...live];
      await waitFor(() => seen(stream).length >= all.length, { timeoutMs: 5_000 }).catch(() => {});
      // Every change once, in order: the backlog, then what was written meanwhile.
      expect(seen(stream).length).toBe(all.length);
      expect(seen(stream).map((s) => s.incidentId)).toEqual(all);
    } finally {
      stream.close();
    }
  });

  it("loses no change under several concurrent writers while the reader keeps reconnecting", async () => {
    const start = await lastEventId();
    const writers = 3;
    const perWriter = 15;
    const written: string[] = [];
    const runWriter = async () => {
      for (let i = 0; i < perWriter; i++) {
        const batch = [report(), report()];
        written.push(...batch.map((b) => b.incidentId));
        // Hold 0–15 ms between INSERT and COMMIT, as a projection batch does with its work.
        await write(batch, () => new Promise((resolve) => setTimeout(resolve, Math.random() * 15)));
      }
    };
    const received: { id: number; incidentId: string }[] = [];
    let stream = await open(start);
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        // Drop and resume from the last id seen, as EventSource does after a network blip.
        stream.close();
        received.push(...seen(stream));
        stream = await open(received.at(-1)?.id ?? start);
      }
    })();
    await Promise.all(Array.from({ length: writers }, runWriter));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stop = true;
    await reader;
    await waitFor(() => seen(stream).length + received.length >= written.length, {
      timeoutMs: 5_000,
      message: "the resumed stream did not deliver the rest",
    }).catch(() => {});
    stream.close();
    received.push(...seen(stream));
    expect(received.map((r) => r.incidentId).sort()).toEqual([...written].sort());
    const ids = received.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("sends an activation changed many times in one batch once, with its last counts, in the batch's order", async () => {
    const start = await lastEventId();
    const stream = await open(start);
    try {
      const activationId = uuidv7();
      const incidentId = uuidv7();
      const ref = { organisationId: "kommun-1380", countyCode: "13", aggregateId: activationId };
      const fields = { activationId, incidentId, group: "management" as const };
      const listed = 40;
      const decided = createEvent(ActivationDecided, {
        ...ref,
        data: {
          ...fields,
          decidedBy: { personId: "p-kommunchef", functionId: "f-kommunchef", functionTitle: "Kommunchef" },
          decidedAt: new Date().toISOString(),
          reason: "Många drabbade",
          needed: listed,
          parentActivationId: null,
          fallbackForActivationId: null,
          counts: { ...callOutCounts(0, listed), called: 0, awaiting: 0, queued: listed },
        },
      });
      // As a call-out decision is published: the decision, then one `called` event per person.
      const called = Array.from({ length: listed }, (_, i) =>
        createEvent(ActivationCallOutChanged, {
          ...ref,
          data: {
            ...fields,
            personId: `p-${i}`,
            change: "called",
            etaMinutes: null,
            status: "calling",
            counts: { ...callOutCounts(0, listed), called: i + 1, awaiting: i + 1, queued: listed - i - 1 },
          },
        }),
      );
      const before = report();
      const after = report();
      await service.context.database.db.transaction((tx) =>
        projectEvents(tx, [before.event, decided, ...called.slice(0, 20), after.event, ...called.slice(20)]),
      );
      await waitFor(() => stream.messages.length >= 3, { message: "the batch's changes did not arrive" });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const changes = stream.messages.map(
        (m) =>
          JSON.parse(m.data) as Record<
            string,
            { id?: string; incidentId?: string; counts?: { called: number } }
          >,
      );
      // One change per item, each where its last change was: the reports, then the activation.
      expect(changes.map((c) => c.report?.incidentId ?? c.activation?.id)).toEqual([
        before.incidentId,
        after.incidentId,
        activationId,
      ]);
      expect(changes[2]?.activation?.counts?.called).toBe(listed);
      const picture = FullRegionalPicture.parse(
        await getJson(`${service.url}/picture?county=13`, as.observer),
      );
      expect(picture.activations?.find((a) => a.id === activationId)?.counts.called).toBe(listed);
      expect(picture.lastEventId).toBe(Math.max(...stream.messages.map((m) => Number(m.id))));
    } finally {
      stream.close();
    }
  });
});
