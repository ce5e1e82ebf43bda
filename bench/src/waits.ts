import { writeFileSync } from "node:fs";
import postgres from "postgres";

/**
 * BENCH_PGWAIT=<file>: while the run lasts, pg_stat_activity is sampled every 20 ms and each
 * non-idle backend's state is written to <file> (ms since the start, role, state, what it waits
 * for, the statement's start): where requests wait (a row lock, the client, the CPU) shows as how
 * often a backend was seen so, which pg_stat_statements' totals cannot tell apart.
 */
export const waitSamplesFile = () => process.env.BENCH_PGWAIT;

export function startWaitSampling(databaseUrl: string): () => Promise<void> {
  const file = waitSamplesFile();
  if (!file) return async () => {};
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const lines: string[] = [];
  const started = Date.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = Date.now() - started;
      const rows = await sql<{ role: string; state: string; wait: string; statement: string }[]>`
        select usename as role, state, coalesce(wait_event_type || ':' || wait_event, 'cpu') as wait,
          left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as statement
        from pg_stat_activity
        where pid <> pg_backend_pid() and backend_type = 'client backend' and state <> 'idle'`.catch(
        () => [],
      );
      for (const r of rows) lines.push([at, r.role, r.state, r.wait, r.statement].join("\t"));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await sql.end();
    writeFileSync(file, `ms\trole\tstate\twait\tstatement\n${lines.join("\n")}\n`);
  };
}
