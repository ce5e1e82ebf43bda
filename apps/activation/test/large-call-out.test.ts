import type { Activation, CallListEntry, EventEnvelope } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import {
  createTestNamespace,
  hallandPeople,
  signInAndWatch,
  startRosterStub,
  type TestNamespace,
  waitFor,
} from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECISION_CHUNK } from "../src/activations/callout.ts";
import { createActivationService } from "../src/service.ts";
import { laholmIncident, linkOn, postJson, signIn } from "./support.ts";

/** Laholm's ledningsgrupp call list, county-sized; every other person has an e-mail address too. */
const LISTED = 520;
const listed = (position: number): CallListEntry => ({
  personId: `0190f5a2-0000-7000-8001-${String(position).padStart(12, "0")}`,
  position,
  name: `Person ${position}`,
  role: "management",
  phones: [`+4670${String(position).padStart(7, "0")}`],
  email: position % 2 === 0 ? `stod${position}@laholm.example` : null,
  languages: ["sv"],
});
// The roster's answer is not in list order: who is called first goes by position, not by answer order.
const callList = Array.from({ length: LISTED }, (_, i) => listed(i + 1)).sort(
  (a, b) => (a.position % 7) - (b.position % 7) || b.position - a.position,
);

// A minute's wait: nobody turns silent and nobody further is called while the tests look.
const settings = {
  CALLOUT_WAIT_MS: "60000",
  TIMER_POLL_MS: "25",
  SENDER_POLL_MS: "25",
};

/**
 * A county-sized call-out (issue 24): the decision answers once it is committed with the first
 * chunk called; the timer worker calls the rest in chunks, each in its own transaction. Whatever
 * happens between chunks (another replica racing, a worker stopped), each person needed is called
 * once: one `called` event, one message per channel.
 */
describe("a call-out of hundreds of people", () => {
  let ns: TestNamespace;
  let sql: postgres.Sql;
  let stopRoster: () => Promise<void>;
  let events: EventEnvelope[];
  let lead: Record<string, string>;
  let chief: Record<string, string>;
  let incidentId: string;
  const services: RunningService[] = [];
  const start = async () => {
    const service = await startService(createActivationService(settings), ns.serviceEnv());
    services.push(service);
    return service;
  };

  beforeAll(async () => {
    ns = await createTestNamespace();
    sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    stopRoster = await startRosterStub(ns.natsUrl, ns.natsNamespace, {
      activators: (organisationId) =>
        organisationId === "kommun-1381"
          ? {
              organisationId,
              functions: [{ id: "kommunchef", title: "Kommunchef" }],
              persons: [
                {
                  personId: hallandPeople.kommunchef,
                  name: "Karin Chef",
                  functionId: "kommunchef",
                  functionTitle: "Kommunchef",
                  phones: [],
                },
              ],
            }
          : undefined,
      signedIn: (subject) =>
        subject === "kommun-1381.activator"
          ? { personId: hallandPeople.kommunchef, name: "Karin Chef", role: "activator" }
          : undefined,
      callList: (organisationId, group) =>
        organisationId === "kommun-1381" && group === "management" ? callList : [],
    });
    ({
      as: { lead, chief },
      events,
    } = await signInAndWatch(ns, { lead: signIn.laholmLead, chief: signIn.laholmChief }));
    const service = await start();
    const created = await postJson(`${service.url}/incidents`, laholmIncident, lead);
    incidentId = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    for (const service of services) await service.stop();
    await stopRoster?.();
    await sql?.end();
  });

  /** The kommunchef calls out `needed` of the list. */
  const decide = async (url: string, needed: number) => {
    const response = await postJson(
      `${url}/activations`,
      {
        incidentId,
        group: "management",
        reason: "Alla behövs",
        needed,
        decidedBy: { personId: hallandPeople.kommunchef, functionId: "kommunchef" },
      },
      chief,
    );
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as Activation;
  };
  const calledSoFar = async (activationId: string) => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from activation.call_outs
      where activation_id = ${activationId} and status <> 'queued'`;
    return row?.n ?? 0;
  };
  const firstByPosition = (n: number) => [...callList].sort((a, b) => a.position - b.position).slice(0, n);

  /**
   * Every one of the first `needed` on the list called exactly once and nobody else: one `called`
   * event each, written after the decision's event and in list order, and one message per channel
   * the person has (SMS, and e-mail where they have one).
   */
  const expectCalledOnce = async (activationId: string, needed: number) => {
    const expected = firstByPosition(needed);
    const written = await sql<{ type: string; personId: string | null }[]>`
      select payload->>'type' as type, payload->'data'->>'personId' as "personId"
      from activation.outbox where payload->'data'->>'activationId' = ${activationId} order by seq`;
    expect(written[0]?.type).toBe("activation.decided");
    const called = written.filter((e) => e.type === "activation.call-out-changed");
    expect(called.map((e) => e.personId)).toEqual(expected.map((p) => p.personId));
    const messages = await sql<{ personId: string; channel: string; to: string }[]>`
      select person_id as "personId", channel, "to" from activation.messages
      where activation_id = ${activationId}`;
    const key = (m: { personId: string; channel: string; to: string }) =>
      `${m.personId} ${m.channel} ${m.to}`;
    expect(messages.map(key).sort()).toEqual(
      expected
        .flatMap((p) => [
          { personId: p.personId, channel: "sms", to: p.phones[0] ?? "" },
          ...(p.email ? [{ personId: p.personId, channel: "email", to: p.email }] : []),
        ])
        .map(key)
        .sort(),
    );
  };

  it("answers the decision with the first chunk called, then calls each person needed once, in list order", async () => {
    const [service] = services;
    if (!service) throw new Error("no service");
    const needed = 300;
    const activation = await decide(service.url, needed);
    expect(activation.status).toBe("calling");
    expect(activation.counts).toEqual({
      listed: LISTED,
      called: DECISION_CHUNK,
      awaiting: DECISION_CHUNK,
      accepted: 0,
      declined: 0,
      silent: 0,
      queued: LISTED - DECISION_CHUNK,
      relieved: 0,
    });
    expect(activation.callOuts.filter((c) => c.status === "called").map((c) => c.position)).toEqual(
      firstByPosition(DECISION_CHUNK).map((p) => p.position),
    );

    const read = async () =>
      (await (
        await fetch(`${service.url}/activations/${activation.id}`, { headers: lead })
      ).json()) as Activation;
    const done = await waitFor(
      async () => {
        const a = await read();
        return a.counts.called === needed && a;
      },
      { message: "everyone needed called" },
    );
    expect(done.counts).toMatchObject({ listed: LISTED, called: needed, awaiting: needed, queued: 220 });
    expect(done.callOuts.filter((c) => c.status === "called").map((c) => c.position)).toEqual(
      firstByPosition(needed).map((p) => p.position),
    );
    await expectCalledOnce(activation.id, needed);
    // What the county's reporting sees: the decision's event first, then one `called` each, in order.
    const seen = await waitFor(() => {
      const own = events.filter((e) => (e.data as { activationId?: string }).activationId === activation.id);
      return own.length === needed + 1 && own;
    });
    expect(seen[0]?.type).toBe("activation.decided");
    expect(seen.slice(1).map((e) => (e.data as { personId: string }).personId)).toEqual(
      firstByPosition(needed).map((p) => p.personId),
    );
    // A wait of a minute: nothing more happens after the last chunk (no second round of calls).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await calledSoFar(activation.id)).toBe(needed);
  });

  it("counts answers arriving together each once, in their events too", async () => {
    const [service] = services;
    if (!service) throw new Error("no service");
    const needed = 40;
    const activation = await decide(service.url, needed);
    await waitFor(async () => (await calledSoFar(activation.id)) === needed, { message: "all called" });
    const links = await sql<{ link: string }[]>`
      select answer_link as link from activation.messages
      where activation_id = ${activation.id} and channel = 'sms' order by person_id`;
    expect(links).toHaveLength(needed);
    // 30 say yes and 10 no, all at once: they queue on the activation's row.
    const answers = await Promise.all(
      links.map(({ link }, i) => {
        const { url, token } = linkOn(service.url, link);
        return postJson(
          url,
          i < 30 ? { token, answer: "accept", etaMinutes: 10 } : { token, answer: "decline" },
        );
      }),
    );
    expect(answers.map((r) => r.status)).toEqual(links.map(() => 200));
    const written = await sql<{ change: string; accepted: number; declined: number }[]>`
      select payload->'data'->>'change' as change, (payload->'data'->'counts'->>'accepted')::int as accepted,
        (payload->'data'->'counts'->>'declined')::int as declined
      from activation.outbox where payload->>'type' = 'activation.call-out-changed'
        and payload->'data'->>'activationId' = ${activation.id}
        and payload->'data'->>'change' in ('accepted', 'declined')
      order by seq`;
    // Each answer's event counts it and every answer before it, one step at a time (a decline has
    // the next person called meanwhile, so who is awaited is not asserted).
    expect(written).toHaveLength(needed);
    written.forEach((event, i) => {
      expect(event.accepted + event.declined).toBe(i + 1);
    });
    expect(written.at(-1)).toMatchObject({ accepted: 30, declined: 10 });
    const read = (await (
      await fetch(`${service.url}/activations/${activation.id}`, { headers: lead })
    ).json()) as Activation;
    expect(read.counts).toMatchObject({ accepted: 30, declined: 10 });
    // 40 needed and only 30 yes: not staffed, the list goes on to the next people.
    expect(read.status).toBe("calling");
  });

  it("calls nobody twice when two replicas race for the chunks and the workers stop between them", async () => {
    const [first] = services;
    if (!first) throw new Error("no service");
    const second = await start();
    const needed = 500;
    const activation = await decide(first.url, needed);
    // Both replicas take the call-out's steps; the first is stopped once it is under way.
    await waitFor(async () => (await calledSoFar(activation.id)) >= 50, { intervalMs: 5 });
    await first.stop();
    services.splice(services.indexOf(first), 1);
    // Then the second too, between two chunks: nobody calls until a process runs again.
    await waitFor(async () => (await calledSoFar(activation.id)) >= 150, { intervalMs: 5 });
    await second.stop();
    services.splice(services.indexOf(second), 1);
    const paused = await calledSoFar(activation.id);
    expect(paused).toBeLessThan(needed);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await calledSoFar(activation.id)).toBe(paused);

    // A process starting again resumes where the call-out stopped.
    await start();
    await waitFor(async () => (await calledSoFar(activation.id)) === needed, { message: "resumed" });
    await expectCalledOnce(activation.id, needed);
  });
});
