import type { Database, Transaction } from "@krisstod/db";
import { sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { type AuditTables, GENESIS_HASH, lockKey, sealFunction } from "./tables.ts";

/**
 * The SQL that makes the table append-only. Add it to the service's migrations (drizzle-kit does not
 * model triggers: paste the returned text into the generated migration) or run it at start with
 * `installAuditGuard`. Statements are separated by drizzle's breakpoint marker.
 *
 * DELETE and TRUNCATE are refused; UPDATE only when it seals an unsealed row (seq, prev_hash and hash
 * go from null to set) and changes nothing else, so a sealed row can never be changed.
 *
 * The table's owner can still disable a trigger; the hash chain is what makes that visible. Services
 * run as a role that does not own the table (see `secureAuditTrail`).
 */
export function auditGuardSql(tables: AuditTables): string {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  const table = `"${schema}"."${name}"`;
  const fn = `"${schema}"."${name}_refuse_change"`;
  return [
    `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The one change allowed: sealing, i.e. giving an unsealed row its chain position and hashes.
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
     AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
     AND to_jsonb(NEW) - ARRAY['seq', 'prev_hash', 'hash'] = to_jsonb(OLD) - ARRAY['seq', 'prev_hash', 'hash'] THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit trail is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;`,
    `CREATE OR REPLACE TRIGGER "${name}_append_only" BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}();`,
    `CREATE OR REPLACE TRIGGER "${name}_no_truncate" BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`,
  ].join("\n--> statement-breakpoint\n");
}

/**
 * Runs `auditGuardSql` and installs the sealing function (idempotent), as the table's owner: for a
 * trail outside a service's migrations (tests). Services get both from their migrations and
 * `secureAuditTrail` at start.
 */
export async function installAuditGuard(db: Database, tables: AuditTables): Promise<void> {
  for (const statement of auditGuardSql(tables).split("--> statement-breakpoint")) {
    await db.execute(sql.raw(statement));
  }
  await secureAuditTrail(db, tables);
}

/**
 * `<schema>.<table>_seal(ids, seqs, prev_hashes, hashes)`: writes the chain positions and hashes the
 * sealer computed onto unsealed rows. SECURITY DEFINER, owned by the migrator (who owns the table),
 * so the service role needs no UPDATE right on the trail. It checks what it can without the hashing
 * itself (which stays in one place, `rowHash`): under the chain's lock, the positions continue the
 * sealed chain without a gap, every prev_hash is the hash before it, every row is still unsealed and
 * ids rise. So a caller can neither leave a gap nor fork the chain nor touch a sealed row; a wrong
 * hash is what `verifyAuditChain` reports as a changed row.
 */
export function auditSealSql(tables: AuditTables): string {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  const table = `"${schema}"."${name}"`;
  const key = lockKey(tables).replace(/'/g, "''");
  return `CREATE OR REPLACE FUNCTION ${sealFunction(tables)}(ids bigint[], seqs bigint[], prev_hashes text[], hashes text[])
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  n integer := coalesce(array_length(ids, 1), 0);
  head_seq bigint;
  head_hash text;
  sealed integer;
BEGIN
  IF n = 0 THEN RETURN 0; END IF;
  IF coalesce(array_length(seqs, 1), 0) <> n OR coalesce(array_length(prev_hashes, 1), 0) <> n
     OR coalesce(array_length(hashes, 1), 0) <> n THEN
    RAISE EXCEPTION 'audit sealing: ids, seqs, prev_hashes and hashes differ in length';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('${key}'));
  SELECT seq, hash INTO head_seq, head_hash FROM ${table} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  head_seq := coalesce(head_seq, 0);
  head_hash := coalesce(head_hash, '${GENESIS_HASH}');
  FOR i IN 1 .. n LOOP
    IF seqs[i] IS DISTINCT FROM head_seq + i THEN
      RAISE EXCEPTION 'audit sealing: position % does not continue the chain at %', seqs[i], head_seq + i;
    END IF;
    IF prev_hashes[i] IS DISTINCT FROM (CASE WHEN i = 1 THEN head_hash ELSE hashes[i - 1] END) THEN
      RAISE EXCEPTION 'audit sealing: prev_hash of position % is not the previous hash', seqs[i];
    END IF;
    IF hashes[i] IS NULL OR hashes[i] !~ '^[0-9a-f]{64}$' THEN
      RAISE EXCEPTION 'audit sealing: hash of position % is not a hex digest', seqs[i];
    END IF;
    IF i > 1 AND ids[i] <= ids[i - 1] THEN
      RAISE EXCEPTION 'audit sealing: rows must be sealed in insertion order';
    END IF;
  END LOOP;
  UPDATE ${table} AS t SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
    FROM unnest(ids, seqs, prev_hashes, hashes) AS v(id, seq, prev_hash, hash)
    WHERE t.id = v.id AND t.seq IS NULL;
  GET DIAGNOSTICS sealed = ROW_COUNT;
  IF sealed <> n THEN
    RAISE EXCEPTION 'audit sealing: % of % rows were still unsealed', sealed, n;
  END IF;
  RETURN n;
END
$$`;
}

/**
 * Run by the table's owner (the service's migrator) at start: (re)creates the sealing function and
 * leaves \`serviceRole\` only SELECT and INSERT on the trail — no UPDATE, DELETE, TRUNCATE (nor,
 * not being the owner, ALTER TABLE … DISABLE TRIGGER) — and EXECUTE on the sealing function.
 * Without a role (tests that seal as the owner) only the function is installed.
 */
export async function secureAuditTrail(
  db: Database | Transaction,
  tables: AuditTables,
  serviceRole?: string,
): Promise<void> {
  const { schema = "public", name } = getTableConfig(tables.auditLog);
  const table = `"${schema}"."${name}"`;
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(auditSealSql(tables)));
    await tx.execute(
      sql.raw(
        `REVOKE ALL ON FUNCTION ${sealFunction(tables)}(bigint[], bigint[], text[], text[]) FROM PUBLIC`,
      ),
    );
    if (!serviceRole) return;
    const role = `"${serviceRole.replace(/"/g, '""')}"`;
    await tx.execute(sql.raw(`REVOKE ALL ON ${table} FROM ${role}`));
    await tx.execute(sql.raw(`GRANT SELECT, INSERT ON ${table} TO ${role}`));
    await tx.execute(
      sql.raw(
        `GRANT EXECUTE ON FUNCTION ${sealFunction(tables)}(bigint[], bigint[], text[], text[]) TO ${role}`,
      ),
    );
  });
}
