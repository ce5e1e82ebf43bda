import { writeFileSync } from "node:fs";
import postgres from "postgres";

/**
 * BENCH_PGSS=<file>: the embedded PostgreSQL loads pg_stat_statements, and when the run stops the
 * 80 statements called most often are written to <file> (calls, total time in ms including lock
 * waits, rows, the statement). Counts what a target sends; a lock a request queues on shows as a
 * statement with few calls and much time (bench/PROFILES.md).
 */
export const statementStatsFile = () => process.env.BENCH_PGSS;

/** The server settings that load the extension (none when not asked for). */
export function statementStatsSettings(): Record<string, string> {
  return statementStatsFile()
    ? { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track": "all" }
    : {};
}

export async function startStatementStats(databaseUrl: string): Promise<void> {
  if (!statementStatsFile()) return;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await sql`create extension if not exists pg_stat_statements`.finally(() => sql.end());
}

export async function writeStatementStats(databaseUrl: string): Promise<void> {
  const file = statementStatsFile();
  if (!file) return;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ calls: string; ms: number; rows: string; statement: string }[]>`
      select calls::text, round(total_exec_time)::int as ms, rows::text,
        left(regexp_replace(query, '\\s+', ' ', 'g'), 200) as statement
      from pg_stat_statements order by calls desc limit 80`;
    const lines = rows.map((r) => [r.calls, r.ms, r.rows, r.statement].join("\t"));
    writeFileSync(file, `calls\tms\trows\tstatement\n${lines.join("\n")}\n`);
  } finally {
    await sql.end();
  }
}
