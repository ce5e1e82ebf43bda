import type { CreateIncidentBody, DecideActivationBody, Principal, RosterGroup } from "@krisstod/contracts";
import type { Namespace } from "@krisstod/testing/namespace";
import type postgres from "postgres";
import { type ServiceProcesses, startServiceProcesses } from "./processes.ts";
import { activatorSubject, startRosterStub } from "./roster-stub.ts";
import { until } from "./wait.ts";

/** Something that answers HTTP at `url` (a service process). */
type RunningService = { url: string };

/** Halland's six municipalities: a county-wide call-out reaches all of them. */
export const hallandMunicipalities = [
  "kommun-1315",
  "kommun-1380",
  "kommun-1381",
  "kommun-1382",
  "kommun-1383",
  "kommun-1384",
] as const;

/**
 * `people` support persons split over Halland's six municipalities (each list 3 ledningsgrupp
 * members): municipality i's share, and the roster stub's list sizes.
 */
export function countyLists(people: number) {
  const n = hallandMunicipalities.length;
  const share = (i: number) => Math.floor(people / n) + (i < people % n ? 1 : 0);
  const sizes: Record<string, Partial<Record<RosterGroup, number>>> = Object.fromEntries(
    hallandMunicipalities.map((org, i) => [org, { management: 3, "support-persons": share(i) }]),
  );
  return { share, sizes };
}

export const activator = (organisationId: string): Partial<Principal> => ({
  userId: activatorSubject(organisationId),
  name: `Kommunchef ${organisationId}`,
  organisationId,
  countyCode: "13",
  roles: ["activator"],
});

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with PostgreSQL's now(). */
export const wallNow = () => performance.timeOrigin + performance.now();

/**
 * The real activation service as `replicas` processes of its own (embedded default notifier: the
 * development outbox) with a roster stub answering who may activate and who is on each list. The
 * stub answers from memory in the benchmark runner (a stand-in for the roster service, not
 * measured here; the roster targets measure roster's own queries).
 */
export async function startActivation(
  ns: Namespace,
  sizes: Parameters<typeof startRosterStub>[2],
  overrides: Record<string, string> = {},
  replicas = 1,
): Promise<{ service: ServiceProcesses; stop(): Promise<void> }> {
  const stopStub = await startRosterStub(ns.natsUrl, ns.natsNamespace, sizes);
  let service: ServiceProcesses;
  try {
    service = await startServiceProcesses(ns, "activation", { replicas, env: overrides });
  } catch (error) {
    await stopStub();
    throw error;
  }
  return {
    service,
    stop: async () => {
      await service.stop();
      await stopStub();
    },
  };
}

export async function post<T>(url: string, headers: Record<string, string>, body: unknown): Promise<T> {
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status >= 300)
    throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export async function createIncident(
  service: RunningService,
  organisationId: string,
  headers: Record<string, string>,
  title: string,
  extraordinary = false,
) {
  const body: CreateIncidentBody = {
    organisationId,
    countyCode: "13",
    kind: "accident",
    title,
    location: { lat: 56.67, lon: 12.86 },
    occurredAt: new Date().toISOString(),
    affectedMunicipalities: hallandMunicipalities.map((o) => o.slice("kommun-".length)),
    extraordinary,
  };
  return (await post<{ id: string }>(`${service.url}/incidents`, headers, body)).id;
}

export async function decide(
  service: RunningService,
  headers: Record<string, string>,
  body: DecideActivationBody,
): Promise<string> {
  return (await post<{ id: string }>(`${service.url}/activations`, headers, body)).id;
}

/** The ledningsgrupp activation a support-person activation needs as its parent. */
export async function managementActivation(
  service: RunningService,
  headers: Record<string, string>,
  incidentId: string,
): Promise<string> {
  return decide(service, headers, {
    incidentId,
    group: "management",
    reason: "Bänkmärkning: ledningsgruppen",
  });
}

/**
 * How many of these activations' messages the development outbox holds, and when the last was
 * handed over (its `delivered_at`, written by the notifier as it takes the message).
 */
export async function delivered(
  sql: postgres.Sql,
  activationIds: readonly string[],
): Promise<{ n: number; lastAt: number }> {
  const [row] = await sql<{ n: number; last: Date | null }[]>`
    select count(*)::int as n, max(delivered_at) as last
    from activation.dev_outbox where activation_id in ${sql([...activationIds])}`;
  return { n: row?.n ?? 0, lastAt: row?.last?.getTime() ?? 0 };
}

/**
 * Each of the six municipalities activates its ledningsgrupp (the parent a support-person
 * activation needs); returns once the development outbox holds their messages (at least 4 per
 * activation), so that sending them does not overlap what is measured next.
 */
export async function activateCountyManagement(
  sql: postgres.Sql,
  service: RunningService,
  headers: readonly Record<string, string>[],
  incidentId: string,
): Promise<string[]> {
  const parents = await Promise.all(
    hallandMunicipalities.map((_, i) => managementActivation(service, headers[i] ?? {}, incidentId)),
  );
  await until(
    async () => ((await delivered(sql, parents)).n >= parents.length * 4 ? true : undefined),
    "ledningsgrupp messages",
  );
  return parents;
}

/**
 * The county-wide call-out: the six municipalities decide their support-person activations at the
 * same moment (each its whole list, `share(i)` people, under its ledningsgrupp activation
 * `parents[i]`; decision i sent to `urls[i mod n]`, as behind a load balancer), then wait until
 * every person's two messages (SMS + e-mail) are in the development outbox. Returns the
 * activations, each POST's answer time (ms) and the wall-clock start and last `delivered_at`.
 */
export async function decideCountyCallOut(options: {
  sql: postgres.Sql;
  urls: readonly string[];
  headers: readonly Record<string, string>[];
  incidentId: string;
  parents: readonly string[];
  share: (i: number) => number;
  timeoutMs: number;
}): Promise<{ ids: string[]; decisionMs: number[]; startedAt: number; lastAt: number }> {
  const { sql, urls, headers, incidentId, parents, share } = options;
  const startedAt = wallNow();
  const decisionMs: number[] = [];
  const ids = await Promise.all(
    hallandMunicipalities.map(async (_, i) => {
      const id = await decide({ url: urls[i % urls.length] as string }, headers[i] ?? {}, {
        incidentId,
        group: "support-persons",
        parentActivationId: parents[i],
        needed: share(i),
        reason: "Bänkmärkning: alla stödpersoner i länet",
      });
      decisionMs.push(wallNow() - startedAt);
      return id;
    }),
  );
  const people = hallandMunicipalities.reduce((sum, _, i) => sum + share(i), 0);
  const done = await until(
    async () => {
      const seen = await delivered(sql, ids);
      return seen.n >= people * 2 ? seen : undefined;
    },
    "every call-out message",
    { timeoutMs: options.timeoutMs, everyMs: 20 },
  );
  return { ids, decisionMs, startedAt, lastAt: done.lastAt };
}

/** People each municipality calls in a warm-up call-out. */
const WARM_UP_CALLED = 30;

/**
 * An unmeasured county call-out on an incident of its own, before a target's clock runs: each
 * municipality calls up to `WARM_UP_CALLED` of its list. The activation service of a county on its
 * busy day has been running for weeks; a fresh process runs the decision, the chunks and the
 * sender in V8's baseline tiers and compiles them while measured (PROFILES.md, "The county peak day, round four").
 * Returns the activations and how many were called, once every message is handed over.
 */
export async function warmUpCallOut(options: {
  sql: postgres.Sql;
  service: { url: string; urls: readonly string[] };
  headers: readonly Record<string, string>[];
  /** Each municipality's list length. */
  listLength: (i: number) => number;
}): Promise<{ ids: string[]; called: number }> {
  const { sql, service, headers } = options;
  const share = (i: number) => Math.min(WARM_UP_CALLED, options.listLength(i));
  const incidentId = await createIncident(
    service,
    "kommun-1380",
    headers[1] ?? {},
    "Bänkmärkning: uppvärmning",
  );
  const parents = await activateCountyManagement(sql, service, headers, incidentId);
  const { ids } = await decideCountyCallOut({
    sql,
    urls: service.urls,
    headers,
    incidentId,
    parents,
    share,
    timeoutMs: 60_000,
  });
  return { ids, called: ids.reduce((sum, _, i) => sum + share(i), 0) };
}
