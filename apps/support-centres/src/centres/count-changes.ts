import type { CentreCounts } from "@krisstod/contracts";
import type { Database, Transaction } from "@krisstod/db";
import { eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { centreCountChanges, centres } from "../db/schema.ts";
import type { CentreRow } from "./centres.store.ts";

/**
 * A centre's counts are its row's figures plus its `centre_count_changes` rows not folded yet.
 * Arrivals append a row instead of updating the centre (so registrations at one centre do not
 * queue behind each other's commits); whoever needs the exact figures either reads both in one
 * statement (`withPendingCounts`: one snapshot, so a fold committing meanwhile is seen whole or not
 * at all) or, holding the centre's row lock, folds them into the row first (`foldCountChanges`).
 */

export type CountDelta = Partial<Record<keyof CentreCounts, number>>;

const COUNT_KEYS = [
  "present",
  "total",
  "children",
  "registered",
  "anonymous",
  "unaccompaniedChildren",
  "phoneContacts",
] as const satisfies readonly (keyof CentreCounts)[];

/** Appends a change to the centre's counts (nothing when every figure stays). */
export async function recordCountChange(tx: Transaction, centreId: string, delta: CountDelta): Promise<void> {
  if (COUNT_KEYS.every((key) => !delta[key])) return;
  await tx.insert(centreCountChanges).values({ centreId, ...delta });
}

type CountKey = (typeof COUNT_KEYS)[number];

/**
 * `select … from centres` with each count including the changes not folded yet, in one statement:
 * add `.where(…)` etc. The pending sums are grouped per centre; a filter on the centre id reaches
 * into the grouping (PostgreSQL pushes the equality down), so reading one centre sums only its rows.
 */
export function selectCentresCounted(db: Database | Transaction) {
  const pending = db
    .select({
      centreId: centreCountChanges.centreId,
      ...(Object.fromEntries(
        COUNT_KEYS.map((key) => [key, sql<number>`sum(${centreCountChanges[key]})`.as(`pending_${key}`)]),
      ) as Record<CountKey, SQL.Aliased<number>>),
    })
    .from(centreCountChanges)
    .groupBy(centreCountChanges.centreId)
    .as("pending");
  return db
    .select({
      ...getTableColumns(centres),
      ...(Object.fromEntries(
        COUNT_KEYS.map((key) => [
          key,
          sql<number>`(${centres[key]} + coalesce(${pending[key]}, 0))::int`.mapWith(Number),
        ]),
      ) as Record<CountKey, SQL<number>>),
    })
    .from(centres)
    .leftJoin(pending, eq(pending.centreId, centres.id));
}

/**
 * Folds the centre's pending changes into its row and returns the row. Only under the centre's row
 * lock (`FOR UPDATE`, taken before): arrivals hold a `FOR KEY SHARE` lock on the centre until they
 * commit, so once the lock is held every change is committed, and this statement (a new snapshot)
 * sees them all; none can be added until the lock is released.
 */
export async function foldCountChanges(tx: Transaction, centreId: string): Promise<CentreRow | undefined> {
  const column = (key: CountKey) => sql.identifier(centres[key].name);
  const change = (key: CountKey) => sql.identifier(centreCountChanges[key].name);
  await tx.execute(sql`
    with folded as (delete from ${centreCountChanges} where ${centreCountChanges.centreId} = ${centreId} returning *)
    update ${centres}
    set ${sql.join(
      COUNT_KEYS.map(
        (key) => sql`${column(key)} = ${column(key)} + coalesce((select sum(${change(key)}) from folded), 0)`,
      ),
      sql`, `,
    )}
    where ${centres.id} = ${centreId}`);
  const [row] = await tx.select().from(centres).where(eq(centres.id, centreId));
  return row;
}

/** Locks the centre row (`FOR UPDATE`) and folds its pending count changes: the row with exact counts. */
export async function lockCentreCounted(tx: Transaction, centreId: string): Promise<CentreRow | undefined> {
  const [locked] = await tx
    .select({ id: centres.id })
    .from(centres)
    .where(eq(centres.id, centreId))
    .for("update");
  if (!locked) return undefined;
  return foldCountChanges(tx, centreId);
}
