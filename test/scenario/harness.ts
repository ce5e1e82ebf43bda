import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { natsConnectOptions } from "@krisstod/bus";
import { subjects } from "@krisstod/contracts";
import type { Namespace } from "@krisstod/testing/namespace";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { effectCounts, normalisePicture } from "./checks.ts";
import { type Cluster, scenarioServiceEnv, serviceNames, startCluster } from "./cluster.ts";
import { actors, type ScenarioPlan } from "./plan.ts";
import { fetchPicture, type Ledger, runScenario, type ScenarioContext } from "./run.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Runs the plan against a cluster of the namespace; returns the ledger once everything has settled. */
export async function runOn(
  ns: Namespace,
  cluster: Cluster,
  plan: ScenarioPlan,
  between?: ScenarioContext["between"],
): Promise<Ledger> {
  return runScenario(plan, {
    url: cluster.url,
    headers: (who) => ns.headers(who),
    databaseUrl: ns.databaseUrl,
    ...(between ? { between } : {}),
  });
}

/**
 * Waits until every service has published its outbox, every consumer of the event stream has
 * handled everything (none pending, none unacknowledged: after a NATS node dies a consumer can
 * stand still for a few seconds while its leadership moves, so a quiet picture alone proves
 * nothing) and the picture has stopped changing, then returns the normalised picture.
 */
export async function settledPicture(
  ns: Namespace,
  reportingUrl: string,
  ledger: Ledger,
  timeoutMs = 120_000,
  natsUrl = ns.natsUrl,
): Promise<unknown> {
  const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
  const nc = await connect({ ...natsConnectOptions(natsUrl), maxReconnectAttempts: -1 });
  let behindText = "";
  // The services' durable consumers (ephemeral ones, e.g. a catch-up reader of a killed process,
  // only linger until JetStream removes them).
  const consumersBehind = async (): Promise<number> => {
    const jsm = await jetstreamManager(nc, { timeout: 5_000 });
    let behind = 0;
    const text: string[] = [];
    for await (const c of jsm.consumers.list(subjects.eventStream(ns.natsNamespace))) {
      if (!c.config.durable_name) continue;
      behind += c.num_pending + c.num_ack_pending;
      if (c.num_pending + c.num_ack_pending > 0)
        text.push(`${c.name}: pending ${c.num_pending}, unacknowledged ${c.num_ack_pending}`);
    }
    behindText = text.join("; ");
    return behind;
  };
  const headers = await ns.headers(actors.observer);
  const deadline = Date.now() + timeoutMs;
  let last = "";
  let stableSince = 0;
  try {
    for (;;) {
      let unpublished = -1;
      let current = "";
      try {
        // Arrivals not yet folded by support-centres' occupancy clock (at a centre the clock still
        // publishes: OCCUPANCY_DUE) count as unpublished too: a clock run stalled on a connection
        // the restart killed holds them for up to its give-up time, while the picture stands still
        // for longer than the stability window below.
        const [row] = await sql<{ n: number }[]>`
          select (select count(*) from roster.outbox where published_at is null)
               + (select count(*) from activation.outbox where published_at is null)
               + (select count(*) from support_centres.outbox where published_at is null)
               + (select count(*) from support_centres.centre_count_changes c
                    join support_centres.centres ce on ce.id = c.centre_id
                   where ce.status = 'open'
                      or (ce.status = 'closed' and (ce.occupancy_ticked_at < ce.closed_at
                          or (ce.occupancy_ticked_at is null and ce.published_counts is null
                              and ce.opened_at is not null))))
               + (select count(*) from reporting.outbox where published_at is null) as n`;
        unpublished = Number(row?.n ?? -1);
        if (unpublished === 0 && (await consumersBehind()) > 0) unpublished = -2;
        current = JSON.stringify(
          normalisePicture(await fetchPicture(reportingUrl, headers), ledger.labels()),
        );
      } catch {
        // a service or the database is still coming back
      }
      if (unpublished === 0 && current && current === last) {
        if (Date.now() - stableSince > 1_500) return JSON.parse(current);
      } else {
        last = current;
        stableSince = Date.now();
      }
      if (Date.now() > deadline)
        throw new Error(`picture did not settle (unpublished ${unpublished}) ${behindText}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    await sql.end();
    await nc.close();
  }
}

/** What changes the services' behaviour: their sources (paths, sizes, modification times). */
function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") || entry.name.endsWith(".sql")) {
        const s = statSync(path);
        hash.update(`${path}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  for (const app of serviceNames) walk(join(root, "apps", app, "src"));
  for (const pkg of readdirSync(join(root, "packages"))) {
    const src = join(root, "packages", pkg, "src");
    if (existsSync(src)) walk(src);
  }
  return hash.digest("hex");
}

/**
 * The normalised picture of a fault-free run of the plan. Several fault test files compare with
 * the same run, so it is computed once per plan and source state (cached in the temp directory;
 * a file that finds another computing it waits for it).
 */
export interface Baseline {
  picture: unknown;
  /** Events the picture applied per type: a fault run must have exactly as many (none skipped). */
  pictureEventsByType: Record<string, number>;
  outboxByType: Record<string, number>;
}

/** Whether the process that wrote the lock file still runs (an unreadable or empty lock: assume so). */
function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, "utf8"));
  } catch {
    return true;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

export async function baselineRun(createNs: () => Promise<Namespace>, plan: ScenarioPlan): Promise<Baseline> {
  const key = createHash("sha256")
    .update(JSON.stringify(plan))
    .update(JSON.stringify(scenarioServiceEnv))
    .update(sourceFingerprint())
    .digest("hex")
    .slice(0, 20);
  const file = join(tmpdir(), `krisstod-baseline-${key}.json`);
  const lock = `${file}.lock`;
  for (;;) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Baseline;
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch {
      const lockedAt = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      // Stale when its writer is gone (a run killed mid-baseline), or after longer than any run takes.
      if (!holderAlive(lock) || Date.now() - lockedAt > 1_800_000) rmSync(lock, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    const ns = await createNs();
    const cluster = await startCluster(ns.serviceEnv());
    try {
      const ledger = await runOn(ns, cluster, plan);
      const picture = await settledPicture(ns, cluster.url("reporting"), ledger);
      const { pictureEventsByType, outboxByType } = await effectCounts(
        ns.databaseUrl,
        ns.natsUrl,
        ns.natsNamespace,
      );
      const baseline: Baseline = { picture, pictureEventsByType, outboxByType };
      writeFileSync(`${file}.tmp`, JSON.stringify(baseline));
      renameSync(`${file}.tmp`, file);
      return baseline;
    } finally {
      await cluster.stop();
    }
  } finally {
    rmSync(lock, { force: true });
  }
}
