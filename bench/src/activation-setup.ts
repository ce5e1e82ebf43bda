import type { CreateIncidentBody, DecideActivationBody, Principal } from "@krisstod/contracts";
import type { Namespace } from "@krisstod/testing/namespace";
import type postgres from "postgres";
import { type ServiceProcesses, startServiceProcesses } from "./processes.ts";
import { activatorSubject, startRosterStub } from "./roster-stub.ts";

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
