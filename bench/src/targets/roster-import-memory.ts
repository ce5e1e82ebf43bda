import { importLimitsFromEnv } from "@krisstod/roster";
import postgres from "postgres";
import { rssMb } from "../../../test/scenario/memory.ts";
import { startServiceProcesses } from "../processes.ts";
import type { BenchTarget } from "../types.ts";

/** The Kubernetes memory limit of a service container (infra/k8s/base). */
const LIMIT_MB = 512;
/** "Well under" the limit: what the import may take at its peak. */
const TARGET_MB = LIMIT_MB / 2;

const HEADER =
  "roll;förnamn;efternamn;arbetsplats;arbetsgivare;telefon;telefon2;epost;språk;chefsgodkännande;aktiv";

/**
 * The largest call-list file the import allows (ROSTER_IMPORT_MAX_BYTES, ROSTER_IMPORT_MAX_ROWS at
 * their defaults): as many rows as allowed, each padded toward the contract's longest workplace and
 * employer until the file reaches the byte limit.
 */
function largestFile(maxBytes: number, maxRows: number): string {
  const row = (i: number, workplace: string, employer: string) =>
    `stödperson;Förnamn${i};Efternamn${i};${workplace};${employer};+4670${String(1_000_000 + i).padStart(7, "0")};;person${i}@example.se;sv;;ja`;
  const plain =
    Buffer.byteLength(`\ufeff${HEADER}\r\n`) + maxRows * (Buffer.byteLength(row(maxRows, "", "")) + 2);
  const perRow = Math.max(0, Math.floor((maxBytes - plain) / maxRows));
  const workplace = "W".repeat(Math.min(200, perRow));
  const employer = "E".repeat(Math.min(200, perRow - workplace.length));
  const rows = Array.from({ length: maxRows }, (_, i) => row(i, workplace, employer));
  return `\ufeff${[HEADER, ...rows].join("\r\n")}\r\n`;
}

/**
 * Issue 18: the roster's peak resident memory while importing the largest allowed file, in its
 * own process (as deployed), sampled from /proc every 20 ms; and the health check's longest
 * answer meanwhile. Before streaming, a 15 MB file took 2.3–2.7 GB and stalled /healthz 30–60 s.
 */
export const rosterImportMemory: BenchTarget = {
  name: "Roster import peak RSS",
  async run(env) {
    // Quick (the smoke test): a small file, only to keep the harness working.
    const limits = env.quick ? { maxRows: 200, maxBytes: 64 * 1024 } : importLimitsFromEnv();
    const ns = await env.namespace();
    const roster = await startServiceProcesses(ns, "roster", {
      env: { DEMO_DATA: "false" },
    });
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const pid = roster.processes[0]?.pid;
      await sql`insert into roster.organisations (id, name, kind, county_code, municipality_code)
        values ('kommun-1381', 'Laholms kommun', 'municipality', '13', '1381')`;
      const headers = await ns.headers({
        userId: "kommun-1381.posom-lead",
        organisationId: "kommun-1381",
        countyCode: "13",
        roles: ["posom-lead"],
      });
      const file = largestFile(limits.maxBytes, limits.maxRows);
      const idleMb = rssMb(pid) ?? Number.NaN;
      let peakMb = idleMb;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peakMb = Math.max(peakMb, rssMb(pid) ?? 0);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      let slowestHealthMs = 0;
      const health = (async () => {
        while (sampling) {
          const started = performance.now();
          const response = await fetch(`${roster.url}/healthz`);
          await response.body?.cancel();
          if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
          slowestHealthMs = Math.max(slowestHealthMs, performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      const started = performance.now();
      const response = await fetch(`${roster.url}/organisations/kommun-1381/call-lists/import?format=csv`, {
        method: "POST",
        headers: { ...headers, "Content-Type": "text/csv" },
        body: file,
      });
      const body = await response.text();
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      sampling = false;
      await Promise.all([sampler, health]);
      if (response.status !== 200) throw new Error(`import: ${response.status} ${body.slice(0, 300)}`);
      const bytes = Buffer.byteLength(file);
      return {
        name: "Roster import peak RSS",
        target: `peak RSS < ${TARGET_MB} MB (limit ${LIMIT_MB} MiB) for the largest allowed file; /healthz answers throughout`,
        measured: `peak ${Math.round(peakMb * 10) / 10} MB`,
        met: !env.quick && peakMb < TARGET_MB,
        limits: "the import's batch size (rows held at once)",
        notes: `${limits.maxRows} rows, ${Math.round(bytes / 1024)} KiB (limits ${limits.maxRows} rows, ${Math.round(limits.maxBytes / 1024)} KiB): idle ${idleMb} MB, peak ${Math.round(peakMb * 10) / 10} MB; import ${seconds} s; slowest /healthz ${Math.round(slowestHealthMs)} ms`,
      };
    } finally {
      await sql.end();
      await roster.stop();
      await ns.drop().catch(() => {});
    }
  },
};
