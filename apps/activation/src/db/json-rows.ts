import type { Transaction } from "@krisstod/db";
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * Inserts many rows as one statement with one parameter: the rows as a JSON array, spread into the
 * table's row type by `json_populate_recordset`. A call-out of 2,000 people writes thousands of
 * rows in one transaction; drizzle's multi-row VALUES builds a placeholder and a parameter per
 * value on every request (the largest CPU cost of a county call-out in bench/PROFILES.md), while
 * this is one JSON.stringify. Columns the rows leave out keep their defaults (only the columns of
 * the first row are listed), so every row must carry the same keys.
 */
export async function insertJsonRows<T extends PgTable>(
  tx: Transaction,
  table: T,
  rows: readonly Partial<T["$inferInsert"]>[],
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(first);
  const names: SQL[] = [];
  for (const key of keys) {
    const column = columns[key];
    if (!column) throw new Error(`insertJsonRows: ${key} is not a column`);
    names.push(sql`${sql.identifier(column.name)}`);
  }
  // Keyed by column name, as json_populate_recordset reads them (Dates become ISO strings).
  const json = JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const key of keys)
        out[(columns[key] as { name: string }).name] = (row as Record<string, unknown>)[key];
      return out;
    }),
  );
  const list = sql.join(names, sql`, `);
  await tx.execute(
    sql`insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, ${json}::json)`,
  );
}
