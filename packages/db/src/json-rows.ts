import { getTableColumns, type SQL, sql } from "drizzle-orm";
import { PgDialect, type PgTable } from "drizzle-orm/pg-core";
import type { Transaction } from "./index.ts";
import { executePrepared } from "./prepared.ts";

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
  const statement = jsonRowsStatement(table, rows);
  if (!statement) return undefined;
  return sql`${sql.raw(statement.before)}${statement.json}${sql.raw(statement.after)}`;
}

/**
 * `jsonRowsInsert` as text and its one parameter: `text` has the rows' JSON as `$1` and is the same
 * for every call with the same table and keys (so it can be a prepared statement); `before` and
 * `after` surround the parameter, for a statement that embeds the INSERT.
 */
export function jsonRowsStatement<T extends PgTable>(
  table: T,
  rows: readonly Partial<T["$inferInsert"]>[],
): { text: string; before: string; after: string; json: string } | undefined {
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
  return { ...statementText(table, keys, names), json };
}

/** The statement around the JSON parameter, per table and column list, built once. */
type StatementText = { readonly text: string; readonly before: string; readonly after: string };
const statementTexts = new WeakMap<PgTable, Map<string, StatementText>>();

/**
 * The INSERT's text before and after its one parameter (the rows' JSON). Built by drizzle the first
 * time a table is written with a column list and kept: rendering the statement's identifiers on
 * every call was a tenth of the activation's CPU in the county peak day (bench/PROFILES.md), and
 * the text never changes for the same table and columns.
 */
function statementText(table: PgTable, keys: readonly string[], names: readonly string[]) {
  let byColumns = statementTexts.get(table);
  if (!byColumns) {
    byColumns = new Map();
    statementTexts.set(table, byColumns);
  }
  const cacheKey = keys.join(",");
  let text = byColumns.get(cacheKey);
  if (!text) {
    const list = sql.join(
      names.map((name) => sql`${sql.identifier(name)}`),
      sql`, `,
    );
    const fromList = sql.join(
      names.map((name) => sql`r.${sql.identifier(name)}`),
      sql`, `,
    );
    // ORDER BY the array position: sequences (outbox seq, audit id) follow the order of the rows.
    const query = new PgDialect().sqlToQuery(
      sql`insert into ${table} (${list}) select ${fromList} from json_populate_recordset(null::${table}, ${sql.placeholder("rows")}::json) with ordinality as r order by r.ordinality`,
    );
    const at = query.sql.indexOf("$1");
    if (query.params.length !== 1 || at < 0) throw new Error("jsonRowsInsert: expected one parameter");
    text = { text: query.sql, before: query.sql.slice(0, at), after: query.sql.slice(at + 2) };
    byColumns.set(cacheKey, text);
  }
  return text;
}

/** Runs `jsonRowsInsert` in the caller's transaction as a prepared statement (nothing for no rows). */
export async function insertJsonRows<T extends PgTable>(
  tx: Transaction,
  table: T,
  rows: readonly Partial<T["$inferInsert"]>[],
): Promise<void> {
  const statement = jsonRowsStatement(table, rows);
  if (statement) await executePrepared(tx, statement.text, [statement.json]);
}
