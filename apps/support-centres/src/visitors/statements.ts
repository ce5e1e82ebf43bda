import { executePrepared, type SqlClient } from "@krisstod/db";
import { is, Param, Placeholder, sql } from "drizzle-orm";

/**
 * Statements built once by drizzle (names and types from the schema) and run with values by name
 * through postgres.js: building a query per request was a millisecond of CPU on the arrival path.
 */
export interface Statement {
  text: string;
  /** Where each parameter comes from: a constant, or a placeholder's value (encoded as drizzle would). */
  slots: Slot[];
}
type Slot = { constant: unknown } | { name: string; encode?: (value: unknown) => unknown };

export function statement(query: { toSQL(): { sql: string; params: unknown[] } }): Statement {
  const { sql: text, params } = query.toSQL();
  // drizzle's entity checks (`is`) run here once, not on every request.
  const slots = params.map((param): Slot => {
    if (is(param, Placeholder)) return { name: param.name };
    if (is(param, Param) && is(param.value, Placeholder)) {
      const { encoder } = param;
      return { name: param.value.name, encode: (value) => encoder.mapToDriverValue(value) };
    }
    return { constant: param };
  });
  return { text, slots };
}

/** The statement's parameters with `values` in place of its placeholders (undefined → null). */
export function bind(s: Statement, values: Record<string, unknown>): unknown[] {
  return s.slots.map((slot) => {
    if ("constant" in slot) return slot.constant;
    const value = values[slot.name] ?? null;
    return value !== null && slot.encode ? slot.encode(value) : value;
  });
}

export const $ = <N extends string>(name: N) => sql.placeholder(name);

/**
 * Runs the statement with `values` in place of its placeholders, prepared on its connection the
 * first time and sent as parameters only after that (@krisstod/db executePrepared says why).
 * Lazy like any postgres.js query: it goes out when awaited, in the order awaited.
 */
export function run(on: SqlClient, s: Statement, values: object): Promise<unknown[][]> {
  return executePrepared(on, s.text, bind(s, values as Record<string, unknown>));
}
