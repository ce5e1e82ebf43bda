import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Transaction } from "./index.ts";

/**
 * An INSERT of many rows with one parameter: the rows as a JSON array, spread into the table's row
 * type by `json_populate_recordset` and inserted in array order. A county call-out writes thousands
 * of rows (call-out rows, messages, outbox events, audit rows) in one transaction; drizzle's
 * multi-row VALUES builds a placeholder and a parameter per value on every request, which was the
 * largest CPU cost of the call-out (bench/PROFILES.md), while this is one JSON.stringify. Columns
 * the rows leave out keep their defaults (the first row's keys are the column list), so every row
 * must carry the same keys. Undefined for no rows.
 */
export function jsonRowsInsert<T extends PgTable>(
  table: T,
  rows: readonly Partial<T["$inferInsert"]>[],
): SQL | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(first);
  const names = keys.map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`jsonRowsInsert: ${key} is not a column`);
    return column.name;
  });
  // Keyed by column name, as json_populate_recordset reads them (a Date becomes its ISO string).
  const json = JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      const values = row as Record<string, unknown>;
      for (let i = 0; i < keys.length; i++) out[names[i] as string] = values[keys[i] as string];
      return out;
    }),
  );
  const list = sql.join(
    names.map((name) => sql`${sql.identifier(name)}`),
    sql`, `,
  );
  const fromList = sql.join(
    names.map((name) => sql`r.${sql.identifier(name)}`),
    sql`, `,
  );
  // ORDER BY the array position: sequences (outbox seq, audit id) follow the order of the rows.
  return sql`insert into ${table} (${list}) select ${fromList} from json_populate_recordset(null::${table}, ${json}::json) with ordinality as r order by r.ordinality`;
}

/** Runs `jsonRowsInsert` in the caller's transaction (nothing for no rows). */
export async function insertJsonRows<T extends PgTable>(
  tx: Transaction,
  table: T,
  rows: readonly Partial<T["$inferInsert"]>[],
): Promise<void> {
  const statement = jsonRowsInsert(table, rows);
  if (statement) await tx.execute(statement);
}
