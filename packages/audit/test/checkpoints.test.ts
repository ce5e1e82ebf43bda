import { generateKeyPairSync } from "node:crypto";
import { connectDatabase, type DatabaseHandle } from "@krisstod/db";
import { createTestNamespace, HARNESS_USER } from "@krisstod/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { pgSchema } from "drizzle-orm/pg-core";
import { CompactSign } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import {
  type CheckpointKey,
  checkpointKeyFromPem,
  checkpointStreamName,
  checkpointSubject,
  ensureCheckpointStream,
  publishCheckpoints,
  readCheckpoints,
  startAuditWatch,
  verifyAuditTrail,
} from "../src/checkpoints.ts";
import {
  type AuditEntry,
  appendAudit,
  auditTables,
  installAuditGuard,
  sealAuditChain,
  verifyAuditChain,
} from "../src/index.ts";
import { deleteAuditTailAsSuperuser, rewriteAuditRowAsSuperuser } from "../src/testing.ts";

const schema = pgSchema("roster_checkpoint_test");
const tables = auditTables(schema);
const table = "roster_checkpoint_test.audit_log";
let database: DatabaseHandle;
let databaseUrl: string;
let nc: NatsConnection;
let namespace: string;
let key: CheckpointKey;
/** The service name, one per test so each has its own checkpoint subject. */
let service: string;
let serviceCount = 0;

const createTable = `
  create schema if not exists roster_checkpoint_test;
  drop table if exists ${table};
  create table ${table} (
    id bigint primary key generated always as identity, seq bigint, at timestamptz not null,
    actor_user_id text not null, actor_organisation_id text not null, action text not null,
    subject_kind text not null, subject_id text not null, subject_organisation_id text not null,
    incident_id uuid, reason text, prev_hash text, hash text,
    constraint audit_log_seq_key unique (seq),
    constraint audit_log_sealed_whole check ((seq is null) = (prev_hash is null) and (seq is null) = (hash is null)));
  create index audit_log_unsealed_idx on ${table} (id) where seq is null;`;

const newKey = () =>
  checkpointKeyFromPem(
    generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  );

function read(person: string): AuditEntry {
  return {
    actor: { userId: "kommun-1380.posom-lead", organisationId: "kommun-1380" },
    action: "read",
    subject: { kind: "person", id: person, organisationId: "kommun-1380" },
    reason: "larmlista",
  };
}
async function appendAndSeal(count: number, prefix = "p") {
  await database.db.transaction((tx) =>
    appendAudit(
      tx,
      tables,
      Array.from({ length: count }, (_, i) => read(`${prefix}-${i + 1}`)),
    ),
  );
  await sealAuditChain(database.db, tables, { wait: true });
}
const target = () => ({ db: database.db, tables, nc, namespace, service, key });
const checkpoints = (publicKey = key.publicKey) => readCheckpoints({ nc, namespace, service, publicKey });
const verify = async () => verifyAuditTrail({ db: database.db, tables, checkpoints: await checkpoints() });

beforeAll(async () => {
  const ns = await createTestNamespace();
  namespace = ns.natsNamespace;
  databaseUrl = ns.databaseUrl;
  database = connectDatabase(databaseUrl, { max: 4 });
  // As the test harness, which may read and write every subject (the services may not).
  const server = new URL(ns.natsUrl);
  nc = await connect({
    servers: `${server.protocol}//${server.host}`,
    user: HARNESS_USER,
    pass: inject("natsSecrets").harnessPassword,
  });
  key = newKey();
  await ensureCheckpointStream(nc, { namespace, replicas: 1 });
});
afterAll(async () => {
  await nc.close();
  await database.close();
});
beforeEach(async () => {
  await database.sql.unsafe(createTable);
  await installAuditGuard(database.db, tables);
  service = `roster${++serviceCount}`;
});

describe("signed checkpoints of the audit chain", () => {
  it("an untouched chain verifies against its checkpoints", async () => {
    await appendAndSeal(3);
    expect(await publishCheckpoints(target())).toBe(3);
    await appendAndSeal(2);
    expect(await publishCheckpoints(target())).toBe(2);
    expect(await publishCheckpoints(target())).toBe(0);
    await appendAndSeal(1);
    const verdict = await verify();
    expect(verdict).toMatchObject({
      ok: true,
      rows: 6,
      head: { seq: 6 },
      unsealed: 0,
      checkpoints: { configured: true, count: 2, coveredTo: 5 },
      notYetCheckpointed: 1,
    });
    expect(verdict.break).toBeUndefined();
  });

  it("an edited row whose later hashes were recomputed verifies without checkpoints, and is found at its position with them", async () => {
    await appendAndSeal(20);
    await publishCheckpoints(target());
    await appendAndSeal(5, "q");
    await publishCheckpoints(target());

    await rewriteAuditRowAsSuperuser(database, tables, 7, "inget särskilt");

    // The unkeyed chain is consistent again: this is what the checkpoints are for.
    expect(await verifyAuditChain(database.db, tables)).toMatchObject({ ok: true, rows: 25 });
    const verdict = await verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.rows).toBe(6);
    expect(verdict.break).toMatchObject({ seq: 7, problem: "differs-from-checkpoint" });
    expect(verdict.break?.detail).toMatch(/row 7's hash is not the one signed/);
  });

  it("a deleted newest row is found, though the chain alone still verifies", async () => {
    await appendAndSeal(4);
    await publishCheckpoints(target());
    await deleteAuditTailAsSuperuser(database, tables, 4);
    expect(await verifyAuditChain(database.db, tables)).toMatchObject({ ok: true, rows: 3 });
    expect((await verify()).break).toEqual({
      seq: 4,
      problem: "removed",
      detail: "rows 4–4 were signed in a checkpoint but are missing",
    });
  });

  it("an edit with the trigger disabled and no recomputation is reported as a changed row", async () => {
    await appendAndSeal(3);
    await publishCheckpoints(target());
    await database.sql.unsafe(`alter table ${table} disable trigger user;
      update ${table} set subject_id = 'someone-else' where seq = 2;
      alter table ${table} enable trigger user;`);
    expect((await verify()).break).toMatchObject({ seq: 2, problem: "changed" });
  });

  it("a checkpoint signed with another key does not count and is reported", async () => {
    await appendAndSeal(2);
    await publishCheckpoints(target());
    // Someone who can publish to the subject but does not hold the service's key.
    const forger = newKey();
    const forged = await new CompactSign(
      new TextEncoder().encode(
        JSON.stringify({
          v: 1,
          service,
          from: 3,
          to: 3,
          prev: "x",
          hashes: ["y"],
          at: new Date().toISOString(),
        }),
      ),
    )
      .setProtectedHeader({ alg: "EdDSA", kid: forger.keyId })
      .sign(forger.privateKey);
    await jetstream(nc).publish(checkpointSubject(namespace, service), forged);
    const verdict = await verify();
    expect(verdict.ok).toBe(false);
    expect(verdict.checkpoints.coveredTo).toBe(2);
    expect(verdict.break).toMatchObject({ seq: null, problem: "bad-checkpoint" });
    expect(verdict.break?.detail).toMatch(/message \d+ does not verify/);
  });

  it("the checkpoint stream refuses deleting a checkpoint and purging", async () => {
    await appendAndSeal(2);
    await publishCheckpoints(target());
    const jsm = await jetstreamManager(nc);
    const stream = checkpointStreamName(namespace);
    const [first] = await checkpoints();
    await expect(jsm.streams.deleteMessage(stream, first?.streamSeq ?? 1)).rejects.toThrow();
    await expect(jsm.streams.purge(stream)).rejects.toThrow();
    const info = await jsm.streams.info(stream);
    expect(info.config).toMatchObject({ deny_delete: true, deny_purge: true, max_msgs: -1, max_age: 0 });
    expect((await checkpoints()).length).toBe(1);
  });

  it("two replicas checkpointing at once cover each row once", async () => {
    // A second replica: its own pool on the same database.
    const other = connectDatabase(databaseUrl, { max: 2 });
    try {
      for (let round = 0; round < 4; round++) {
        await appendAndSeal(3 + round, `r${round}`);
        await Promise.all([publishCheckpoints(target()), publishCheckpoints({ ...target(), db: other.db })]);
      }
    } finally {
      await other.close();
    }
    const stored = await checkpoints();
    const ranges = stored.map((c) => [c.payload?.from, c.payload?.to]);
    // Contiguous from 1, no overlap: each starts right after the previous one.
    expect(ranges.map(([from]) => from)).toEqual(
      ranges.map((_, i) => (i === 0 ? 1 : (ranges[i - 1]?.[1] ?? 0) + 1)),
    );
    expect(ranges.at(-1)?.[1]).toBe(3 + 4 + 5 + 6);
    expect(await verify()).toMatchObject({ ok: true, rows: 18, notYetCheckpointed: 0 });
  });

  it("the watch checkpoints on its interval and at stop, and remembers its latest verification", async () => {
    const watch = startAuditWatch({
      ...target(),
      checkpointIntervalMs: 50,
      verifyIntervalMs: 60_000,
      firstVerifyAfterMs: 60_000,
    });
    try {
      await appendAndSeal(2);
      await expect.poll(async () => (await checkpoints()).length, { timeout: 5_000 }).toBe(1);
      await appendAndSeal(1);
    } finally {
      await watch.stop();
    }
    expect((await checkpoints()).at(-1)?.payload).toMatchObject({ from: 3, to: 3 });
    expect(watch.latest()).toBeUndefined();
    const verdict = await watch.verifyNow();
    expect(verdict).toMatchObject({ ok: true, rows: 3, checkpoints: { coveredTo: 3 } });
    expect(watch.latest()).toEqual(verdict);
  });

  it("without a key nothing is checkpointed and the verification says so", async () => {
    await appendAndSeal(2);
    const watch = startAuditWatch({ ...target(), key: undefined, firstVerifyAfterMs: 60_000 });
    expect(await watch.checkpointNow()).toBe(0);
    await watch.stop();
    expect(await watch.verifyNow()).toMatchObject({
      ok: true,
      rows: 2,
      checkpoints: { configured: false, count: 0, coveredTo: 0 },
      notYetCheckpointed: 2,
    });
  });
});
