import postgres from "postgres";
import {
  activateCountyManagement,
  activator,
  countyLists,
  createIncident,
  decideCountyCallOut,
  hallandMunicipalities,
  startActivation,
  warmUpCallOut,
} from "../activation-setup.ts";
import { countyObserver, halmstadLead } from "../fixtures.ts";
import { type LoadResult, summaries } from "../load/pool.ts";
import type { RequestSpec } from "../load/protocol.ts";
import { connectBench } from "../nats.ts";
import { type ServiceProcesses, startServiceProcesses, startTogether } from "../processes.ts";
import { round, summarise } from "../stats.ts";
import type { BenchTarget } from "../types.ts";
import { until } from "../wait.ts";
import { replicas } from "./registrations.ts";
import { incidentKnownToCentres, openCentres, pklStaff, visitorBody } from "./support-centre-setup.ts";

const TARGET_P99_MS = 100;
const DASHBOARDS = 200;
const CENTRES = 20;
const PEOPLE = 2_000;
/** Registrations per second over all centres (open loop, BENCH_PEAK_REGISTRATIONS_PER_S). */
const registrationRate = () => Number(process.env.BENCH_PEAK_REGISTRATIONS_PER_S ?? "100");

/**
 * Each delivery's time, for the feed rows after `afterSeq` (the warm-up's are before it), from its
 * feed row's `created_at` (now() of the projection transaction that appended it: the database and
 * every process here share the machine's clock) to its receipt.
 */
async function deliveryTimes(
  sql: postgres.Sql,
  received: Record<string, number[]>,
  afterSeq: number,
): Promise<number[]> {
  const rows = await sql<{ seq: string; at: number }[]>`
    select seq::text as seq, extract(epoch from created_at)::float8 * 1000 as at
    from reporting.feed where county_code = '13' and seq > ${afterSeq}`;
  const times: number[] = [];
  for (const { seq, at } of rows) for (const t of received[seq] ?? []) times.push(t - at);
  return times;
}

/** Request `i`'s replica of a service, as behind a load balancer going round. */
const pick = (s: ServiceProcesses, i: number) => s.urls[i % s.urls.length] as string;

/**
 * The open-loop background of the day over `seconds`: registrations at `rate` a second spread over
 * the centres, a situation report every 2 s and a dashboard (re)loading the picture 5 times a
 * second. Visitors are numbered from `firstVisitor`, so that two loads register different people.
 */
function backgroundLoad(o: {
  centresService: ServiceProcesses;
  reporting: ServiceProcesses;
  centreIds: readonly string[];
  incidentId: string;
  rate: number;
  firstVisitor: number;
  seconds: number;
}): RequestSpec[] {
  const { centresService, reporting, centreIds, incidentId, rate, firstVisitor, seconds } = o;
  const load: RequestSpec[] = [];
  for (let i = 0; i < rate * seconds; i++)
    load.push({
      label: "POST /centres/:id/visitors",
      method: "POST",
      url: `${pick(centresService, i)}/centres/${centreIds[i % centreIds.length]}/visitors`,
      headers: "staff",
      body: visitorBody(firstVisitor + i),
      expect: 201,
      atMs: (i * 1000) / rate,
    });
  for (let i = 0; i < seconds / 2; i++)
    load.push({
      label: "POST /incidents/:id/situation-reports",
      method: "POST",
      url: `${pick(reporting, i)}/incidents/${incidentId}/situation-reports`,
      headers: "lead",
      body: {
        organisationId: "kommun-1380",
        countyCode: "13",
        situation: `Lägesrapport ${i + 1}: stödcentrum öppna, utalarmering pågår.`,
        actionsTaken: "POSOM aktiverad, stödcentrum öppna.",
        submittedBy: "POSOM-samordnare",
        nextReportDue: null,
      },
      expect: 201,
      atMs: i * 2_000 + 500,
    });
  for (let i = 0; i < seconds * 5; i++)
    load.push({
      label: "GET /picture",
      method: "GET",
      url: `${pick(reporting, i)}/picture?county=13`,
      headers: "observer",
      expect: 200,
      atMs: i * 200 + 100,
    });
  return load;
}

/**
 * The day's mix once, small and unmeasured, before the clock runs: a warm-up call-out (see
 * warmUpCallOut), half of those called answering, while `load` runs. Fresh processes would run the
 * peak in V8's baseline tiers and compile while measured (in a perf profile of the first version of
 * this target, compiling alone was 11–14 % of each service's CPU during the peak). Returns once
 * every message of the warm-up is handed over and every answer is in.
 */
async function warmUp(o: {
  env: Parameters<BenchTarget["run"]>[0];
  sql: postgres.Sql;
  activation: ServiceProcesses;
  activators: readonly Record<string, string>[];
  headerSets: Record<string, Record<string, string>>;
  answerRequests: (links: { link: string }[]) => RequestSpec[];
  load: RequestSpec[];
  /** Each municipality's list length: the warm-up calls no more than it holds. */
  listLength: (i: number) => number;
}): Promise<void> {
  const { env, sql, activation, activators } = o;
  const loadDone = env.pool.http(o.load, { concurrency: 128, headerSets: o.headerSets });
  const { ids, called } = await warmUpCallOut({
    sql,
    service: activation,
    headers: activators,
    listLength: o.listLength,
  });
  const links = await sql<{ link: string }[]>`
    select answer_link as link from activation.dev_outbox
    where activation_id in ${sql(ids)} and channel = 'sms' order by "to"
    limit ${Math.ceil(called / 2)}`;
  const answered = await env.pool.http(o.answerRequests(links), {
    concurrency: 32,
    headerSets: {},
    ratePerSecond: 50,
  });
  const results = [answered, await loadDone];
  const failed = results.flatMap((r) => Object.entries(r.failures).map(([label, n]) => `${label}: ${n}`));
  if (failed.length > 0) throw new Error(`the warm-up failed: ${failed.join(", ")}`);
}

/**
 * Issue 24: a county peak day as one mixed benchmark. Activation, support-centres and reporting
 * run as `BENCH_REPLICAS` processes each (roster as the in-memory stub in the runner); the load
 * generators hold 200 dashboards (SSE, spread over reporting's replicas) and send, open loop at
 * fixed rates so that a slow answer cannot slow the load: registrations at 20 centres at once,
 * situation reports, dashboards (re)loading the picture; meanwhile the six municipalities decide a
 * county-wide call-out of 2,000 people and, as the messages arrive, people answer their links.
 * Reported: p99 of every user-facing request type (target < 100 ms each) and the call-out's time.
 */
export const countyPeakDay: BenchTarget = {
  name: "County peak day (mixed)",
  async run(env) {
    const people = env.quick ? 60 : Math.max(300, Math.round(PEOPLE * Math.min(1, env.scale)));
    const seconds = env.quick ? 4 : Math.max(10, Math.round(30 * env.scale));
    const dashboards = env.quick ? 20 : DASHBOARDS;
    const centres = env.quick ? 4 : CENTRES;
    const rate = env.quick ? 20 : registrationRate();
    const answerCount = Math.round(people / 4);
    const { share, sizes } = countyLists(people);
    const ns = await env.namespace();
    const nc = await connectBench(ns.natsUrl);
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    const started: { stop(): Promise<void> }[] = [];
    try {
      // Quick (the smoke test): one process per service, fewer starts.
      const n = env.quick ? 1 : replicas();
      const [running, centresService, reporting] = await startTogether([
        () => startActivation(ns, sizes, { ANSWER_LINK_RATE_LIMIT: "100000" }, n),
        () => startServiceProcesses(ns, "support-centres", { replicas: n }),
        () => startServiceProcesses(ns, "reporting", { replicas: n }),
      ] as const);
      started.push(running, centresService, reporting);
      const activation = running.service;

      const activators = await Promise.all(hallandMunicipalities.map((org) => ns.headers(activator(org))));
      const incidentId = await createIncident(
        activation,
        "kommun-1380",
        activators[1] ?? {},
        "Bänkmärkning: länets toppdag",
        // An extraordinary event: situation reports go to Länsstyrelsen for those only.
        true,
      );
      await incidentKnownToCentres(ns, nc, incidentId);
      await until(async () => {
        const rows = await sql`select 1 from reporting.picture_incidents where id = ${incidentId}`;
        return rows.length > 0 ? true : undefined;
      }, "the incident in reporting");
      const centreIds = await openCentres(centresService.url, ns, incidentId, centres);
      const parents = await activateCountyManagement(sql, activation, activators, incidentId);

      const observer = await ns.headers(countyObserver);
      let opened = 0;
      for (const [r, url] of reporting.urls.entries()) {
        const count =
          Math.floor(dashboards / reporting.urls.length) + (r < dashboards % reporting.urls.length ? 1 : 0);
        opened += await env.pool.openDashboards({
          url: `${url}/stream?county=13`,
          headers: observer,
          count,
          event: "section",
          keyPath: ["kind"],
          keyBy: "id",
        });
      }

      const headerSets = {
        staff: await ns.headers(pklStaff),
        lead: await ns.headers(halmstadLead),
        observer,
      };
      const background = (firstVisitor: number, forSeconds: number) =>
        backgroundLoad({
          centresService,
          reporting,
          centreIds,
          incidentId,
          rate,
          firstVisitor,
          seconds: forSeconds,
        });
      const answerRequests = (links: { link: string }[]) =>
        links.map(({ link }, i): RequestSpec => {
          const parsed = new URL(link);
          return {
            label: "POST answer link",
            method: "POST",
            url: `${pick(activation, i)}${parsed.pathname.slice(parsed.pathname.indexOf("/call-outs/"))}`,
            body: { token: parsed.searchParams.get("token"), answer: "accept", etaMinutes: 20 },
            expect: 200,
          };
        });

      // Unmeasured: the same mix for a few seconds, as on a county's day the services have long
      // been running (JIT-compiled paths, pool connections, the issuer's keys fetched).
      await warmUp({
        env,
        sql,
        activation,
        activators,
        headerSets,
        answerRequests,
        load: background(1_000_000, 3),
        listLength: share,
      });
      const [feedBefore] = await sql<{ seq: string }[]>`
        select coalesce(max(seq), 0)::text as seq from reporting.feed`;

      // The background load, open loop over `seconds`.
      const backgroundDone = env.pool.http(background(0, seconds), { concurrency: 128, headerSets });

      // One second in, the six municipalities decide the county-wide call-out together.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const { ids, decisionMs, startedAt, lastAt } = await decideCountyCallOut({
        sql,
        urls: activation.urls,
        headers: activators,
        incidentId,
        parents,
        share,
        timeoutMs: 180_000,
      });
      const callOutMs = round(lastAt - startedAt, 0);
      // A quarter of those called answer their link, 50 a second (open loop).
      const links = await sql<{ link: string }[]>`
        select answer_link as link from activation.dev_outbox
        where activation_id in ${sql(ids)} and channel = 'sms' order by "to" limit ${answerCount}`;
      const answers = answerRequests(links);
      const answered = await env.pool.http(answers, { concurrency: 32, headerSets: {}, ratePerSecond: 50 });
      const mixed = await backgroundDone;
      const stream = await env.pool.collectDashboards(true);
      const streamDelivery = summarise(
        await deliveryTimes(sql, stream.received, Number(feedBefore?.seq ?? 0)),
      );

      const results: LoadResult[] = [mixed, answered];
      const byRequest = {
        ...summaries(mixed),
        ...summaries(answered),
        "POST /activations (call-out decision)": summarise(decisionMs),
      };
      const failures = results.flatMap((r) =>
        Object.entries(r.failures).map(([label, count]) => `${label}: ${count}`),
      );
      const examples = results.flatMap((r) => r.examples).slice(0, 3);
      const allFast = Object.values(byRequest).every((l) => l.p99 < TARGET_P99_MS);
      const full = !env.quick && people === PEOPLE && dashboards === DASHBOARDS;
      return {
        name: this.name,
        target: `p99 < ${TARGET_P99_MS} ms for every user-facing request type`,
        byRequest,
        durationMs: callOutMs,
        streamDelivery,
        met: full && allFast && failures.length === 0 && opened === dashboards,
        notes:
          `${opened} dashboards connected (${stream.events} stream events received), ${centres} centres registering ` +
          `${rate}/s together for ${seconds} s, a situation report every 2 s, the picture loaded 5 times a second; ` +
          `a call-out of ${people} people decided by 6 municipalities 1 s in (all ${people * 2} messages handed ` +
          `over after ${callOutMs} ms), then ${answers.length} answers at 50/s; ${n} process(es) per service; ` +
          `p99 ms per request: ${Object.entries(byRequest)
            .map(([label, l]) => `${label} ${l.p99} (${l.samples})`)
            .join(", ")}; stream delivery (feed row → dashboard, measured beside the target) ` +
          `p50 ${streamDelivery.p50} / p99 ${streamDelivery.p99} ms over ${streamDelivery.samples} deliveries` +
          (failures.length > 0
            ? `; FAILED requests: ${failures.join(", ")} e.g. ${examples.join(" | ")}`
            : ""),
        limits: "CPU shared by every service on 2 cores; the slowest request type sets it",
        ratioOf: "p99",
        baselineShape: { requests: Math.max(100, rate * 5), concurrency: 32, replicas: n },
      };
    } finally {
      await env.pool.collectDashboards(true).catch(() => {});
      for (const s of started.reverse()) await s.stop().catch(() => {});
      await sql.end();
      await nc.close();
      await ns.drop();
    }
  },
};
