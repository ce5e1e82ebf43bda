import type { Activation, DevOutboxMessage, RegionalPicture } from "@krisstod/contracts";
import postgres from "postgres";
import type { ServiceName } from "./cluster.ts";
import type { ScenarioPlan, Step, Who } from "./plan.ts";

/**
 * Runs a scenario plan through the services' real HTTP APIs with real tokens, step by step, and
 * keeps a ledger of every write the services acknowledged (with the id they gave it).
 *
 * Faults: `between(i, step)` runs before each step; a fault test kills or stops something there.
 * A request that cannot connect (the service is down) or gets a 5xx is retried until the service
 * answers — safe because the request then never reached a running handler, or its transaction
 * failed; every 5xx seen is kept in the ledger for the test to judge. The APIs have no idempotency
 * keys, so the scenario does not kill a service while one of its own requests is in flight (that
 * request's outcome would be unknowable to any client); in-flight *background* work (outbox relay,
 * consumers, notifier) is what a kill interrupts.
 */
export interface ScenarioContext {
  url(service: ServiceName): string;
  headers(who: Who): Promise<Record<string, string>>;
  databaseUrl: string;
  between?: (index: number, step: Step) => Promise<void>;
  /** How long a request is retried while its service is down (default 90 s). */
  retryForMs?: number;
}

export interface Acknowledged {
  step: Step["kind"];
  key: string;
  service: ServiceName;
  id: string;
}

export interface Ledger {
  ids: Map<string, string>;
  acknowledged: Acknowledged[];
  /** Answers given through answer links (person and answer), per activation key. */
  answers: Map<string, Map<string, "accept" | "decline" | "none">>;
  serverErrors: { method: string; url: string; status: number; body: string }[];
  /** Label of every id the scenario created, for normalising pictures. */
  labels(): Map<string, string>;
}

export async function runScenario(plan: ScenarioPlan, context: ScenarioContext): Promise<Ledger> {
  const ids = new Map<string, string>();
  const ledger: Ledger = {
    ids,
    acknowledged: [],
    answers: new Map(),
    serverErrors: [],
    labels: () => new Map([...ids].map(([key, id]) => [id, key])),
  };
  // A token per principal, minted again before it expires (test tokens live 300 s; a full-size
  // run takes longer than that).
  const tokens = new Map<string, { headers: Record<string, string>; until: number }>();
  const headers = async (who: Who) => {
    const cacheKey = `${who.organisationId}/${who.roles.join(",")}`;
    let cached = tokens.get(cacheKey);
    if (!cached || cached.until < Date.now()) {
      cached = { headers: await context.headers(who), until: Date.now() + 200_000 };
      tokens.set(cacheKey, cached);
    }
    return cached.headers;
  };
  const id = (key: string) => {
    const value = ids.get(key);
    if (!value) throw new Error(`scenario: ${key} has no id yet`);
    return value;
  };
  const call = async (
    service: ServiceName,
    method: string,
    path: string,
    who: Who | undefined,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    const deadline = Date.now() + (context.retryForMs ?? 90_000);
    for (;;) {
      const url = `${context.url(service)}${path}`;
      try {
        const response = await fetch(url, {
          method,
          headers: who ? await headers(who) : { "Content-Type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        if (response.status >= 500) {
          ledger.serverErrors.push({ method, url: path, status: response.status, body: text.slice(0, 300) });
          if (Date.now() > deadline) throw new Error(`${method} ${path}: ${response.status} ${text}`);
        } else {
          return { status: response.status, json: text ? JSON.parse(text) : undefined };
        }
      } catch (error) {
        if (!isConnectionError(error) || Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const write = async (
    step: Step,
    key: string,
    service: ServiceName,
    path: string,
    who: Who,
    body: unknown,
  ): Promise<string> => {
    const { status, json } = await call(service, "POST", path, who, body);
    if (status < 200 || status >= 300) {
      throw new Error(`scenario step ${step.kind} ${key}: POST ${path} → ${status} ${JSON.stringify(json)}`);
    }
    const createdId = (json as { id?: string; requestId?: string }).id ?? key;
    ledger.acknowledged.push({ step: step.kind, key, service, id: createdId });
    return createdId;
  };

  const sql = postgres(context.databaseUrl, { max: 1, onnotice: () => {} });
  const incidentKnown = new Set<string>();
  /** Support centres and reporting learn of incidents from events: wait until they have. */
  const awaitIncidentDownstream = async (key: string, where: "support-centres" | "reporting") => {
    const flag = `${where}:${key}`;
    if (incidentKnown.has(flag)) return;
    const incidentId = id(key);
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const rows =
          where === "support-centres"
            ? await sql`select 1 from support_centres.incident_locations where incident_id = ${incidentId}`
            : await sql`select 1 from reporting.picture_incidents where id = ${incidentId}`;
        if (rows.length > 0) break;
      } catch {
        // the table may not exist yet, or PostgreSQL is restarting
      }
      if (Date.now() > deadline) throw new Error(`incident ${key} never reached ${where}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    incidentKnown.add(flag);
  };

  try {
    for (const [index, step] of plan.steps.entries()) {
      await context.between?.(index, step);
      switch (step.kind) {
        case "incident":
          ids.set(step.key, await write(step, step.key, "activation", "/incidents", step.as, step.body));
          break;
        case "activation": {
          const body = {
            ...step.body,
            incidentId: id(step.incident),
            ...(step.parent ? { parentActivationId: id(step.parent) } : {}),
          };
          ids.set(step.key, await write(step, step.key, "activation", "/activations", step.as, body));
          break;
        }
        case "answers": {
          const activationStep = plan.steps.find(
            (s): s is Extract<Step, { kind: "activation" }> =>
              s.kind === "activation" && s.key === step.activation,
          );
          if (!activationStep) throw new Error(`no activation ${step.activation}`);
          ledger.answers.set(step.activation, await answerAll(activationStep, id(step.activation)));
          break;
        }
        case "centre":
          await awaitIncidentDownstream(step.incident, "support-centres");
          ids.set(
            step.key,
            await write(step, step.key, "support-centres", "/centres", step.as, {
              ...step.body,
              incidentId: id(step.incident),
            }),
          );
          break;
        case "open-centre":
          await write(step, step.centre, "support-centres", `/centres/${id(step.centre)}/open`, step.as, {});
          break;
        case "visitor":
          ids.set(
            step.key,
            await write(
              step,
              step.key,
              "support-centres",
              `/centres/${id(step.centre)}/visitors`,
              step.as,
              step.body,
            ),
          );
          break;
        case "departure":
          await write(
            step,
            step.visitor,
            "support-centres",
            `/centres/${id(step.centre)}/visitors/${id(step.visitor)}/departure`,
            step.as,
            {},
          );
          break;
        case "aid-request":
          ids.set(
            step.key,
            await write(step, step.key, "activation", "/mutual-aid/requests", step.as, {
              ...step.body,
              incidentId: id(step.incident),
            }),
          );
          break;
        case "aid-offer":
          ids.set(
            step.key,
            await write(
              step,
              step.key,
              "activation",
              `/mutual-aid/requests/${id(step.request)}/offers`,
              step.as,
              {
                quantity: step.quantity,
              },
            ),
          );
          break;
        case "aid-accept":
          await write(
            step,
            step.offer,
            "activation",
            `/mutual-aid/offers/${id(step.offer)}/accept`,
            step.as,
            {},
          );
          break;
        case "aid-deploy":
          await write(
            step,
            step.offer,
            "activation",
            `/mutual-aid/offers/${id(step.offer)}/deployments`,
            step.as,
            {
              personIds: step.personIds,
            },
          );
          break;
        case "aid-release":
          await write(
            step,
            step.offer,
            "activation",
            `/mutual-aid/offers/${id(step.offer)}/release`,
            step.as,
            {},
          );
          break;
        case "logbook":
        case "situation-report": {
          await awaitIncidentDownstream(step.incident, "reporting");
          const path =
            step.kind === "logbook"
              ? `/incidents/${id(step.incident)}/logbook-entries`
              : `/incidents/${id(step.incident)}/situation-reports`;
          ids.set(step.key, await write(step, step.key, "reporting", path, step.as, step.body));
          break;
        }
      }
    }
  } finally {
    await sql.end();
  }
  return ledger;

  /**
   * Answers the activation's call-outs as planned (by list position) as their messages arrive in
   * the development outbox, until no one more is called.
   */
  async function answerAll(
    step: Extract<Step, { kind: "activation" }>,
    activationId: string,
  ): Promise<Map<string, "accept" | "decline" | "none">> {
    const given = new Map<string, "accept" | "decline" | "none">();
    let quietSince: number | undefined;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const activation = (await call("activation", "GET", `/activations/${activationId}`, step.lead))
        .json as Activation;
      const messages = (
        await call("activation", "GET", `/dev/outbox?activationId=${activationId}&limit=500`, step.lead)
      ).json as DevOutboxMessage[];
      const pending = activation.callOuts.filter((c) => c.status !== "queued" && !given.has(c.personId));
      if (pending.length === 0) {
        quietSince ??= Date.now();
        // Settled: everyone called has been answered (or planned silent) for a while.
        if (Date.now() - quietSince > 600) return given;
      } else {
        quietSince = undefined;
      }
      for (const callOut of pending) {
        const message = messages.find((m) => m.personId === callOut.personId && m.channel === "sms");
        if (!message) continue;
        const answer = step.answers[(callOut.position - 1) % step.answers.length] ?? "none";
        given.set(callOut.personId, answer);
        if (answer === "none") continue;
        const link = new URL(message.answerLink);
        const path = link.pathname.slice(link.pathname.indexOf("/call-outs/"));
        const token = link.searchParams.get("token") ?? "";
        const { status, json } = await call(
          "activation",
          "POST",
          path,
          undefined,
          answer === "accept" ? { token, answer, etaMinutes: 30 } : { token, answer },
        );
        if (status !== 200) throw new Error(`answer ${answer} → ${status} ${JSON.stringify(json)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`activation ${step.key} did not settle`);
  }
}

function isConnectionError(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return (
    error instanceof TypeError &&
    ["ECONNREFUSED", "ECONNRESET", "UND_ERR_SOCKET", "EPIPE", undefined].includes(cause?.code)
  );
}

/** Fetches the county's picture as Länsstyrelsen sees it. */
export async function fetchPicture(
  reportingUrl: string,
  headers: Record<string, string>,
): Promise<RegionalPicture> {
  const response = await fetch(`${reportingUrl}/picture?county=13`, { headers });
  if (response.status !== 200) throw new Error(`picture: ${response.status}`);
  return (await response.json()) as RegionalPicture;
}
