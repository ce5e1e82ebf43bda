import type { Database, Sql, Transaction } from "./index.ts";

/** A postgres.js client that runs statements: the pool, or a transaction's or reserved connection. */
export type SqlClient = Pick<Sql, "unsafe">;

/**
 * Runs a statement whose text is fixed (built once from tables and columns, never from values) as
 * a prepared statement of its connection: the first run on a connection parses and describes it,
 * every later run sends only its parameters (one round trip, no parse, a cached plan).
 *
 * Why not through drizzle: drizzle runs everything not given a name with postgres.js's `unsafe`
 * unprepared, and postgres.js then asks the server for the parameter types before binding them —
 * two round trips and a parse for every statement. For a registration that was 40 % of PostgreSQL's
 * CPU (bench/PROFILES.md, round nine). Not for text that varies with the values (an IN list, a
 * multi-row VALUES): each text is kept prepared on every connection for the connection's life.
 */
export function executePrepared(
  on: Database | Transaction | SqlClient,
  text: string,
  params: readonly unknown[],
): Promise<unknown[][]> {
  return clientOf(on)
    .unsafe(text, params as never[], { prepare: true })
    .values();
}

/** The postgres.js client (pool, or the transaction's connection) a drizzle handle runs on. */
function clientOf(on: Database | Transaction | SqlClient): SqlClient {
  if (typeof on === "function") return on;
  // drizzle's postgres-js session keeps its client; not in its public types.
  const client = (on as unknown as { session?: { client?: SqlClient } }).session?.client;
  if (!client) throw new Error("executePrepared: not a drizzle postgres-js database or transaction");
  return client;
}
