import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AuditTrailProblem, AuditVerification } from "@krisstod/contracts";
import type { Database } from "@krisstod/db";
import { DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { asc, gt, isNull } from "drizzle-orm";
import { CompactSign, compactVerify } from "jose";
import { z } from "zod";
import { type AuditTables, GENESIS_HASH, rowHash } from "./index.ts";

/**
 * Tamper evidence held outside the keeper. The hash chain alone can be recomputed by anyone who can
 * write the table (edit a row, recompute every later hash, and it verifies). So each service
 * regularly publishes a *checkpoint*: the hashes of the rows sealed since its previous checkpoint,
 * signed (Ed25519, a compact JWS) with a key the database does not hold, to a JetStream stream that
 * refuses deletes and purges and keeps everything. Whoever rewrites the table cannot rewrite the
 * stream nor sign a new checkpoint, so the verifier finds the first row whose hash is not the signed
 * one — the position of the edit.
 *
 * Checkpoints of one service form a contiguous cover of the chain (1..N): each starts where the
 * previous one on the service's subject ended, and is published with JetStream's expected last
 * subject sequence, so two replicas never publish overlapping ranges.
 */

/** Rows per checkpoint message: 500 hashes are ~45 kB as a JWS, far below NATS's 1 MB. */
const ROWS_PER_CHECKPOINT = 500;

export interface CheckpointKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** SHA-256 of the public key (SPKI, DER), first 16 hex digits: names the key in each checkpoint. */
  readonly keyId: string;
}

/** An Ed25519 private key in PEM (PKCS#8); the public key is derived from it. */
export function checkpointKeyFromPem(pem: string): CheckpointKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new Error(`the audit signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  }
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  return { privateKey, publicKey, keyId: createHash("sha256").update(der).digest("hex").slice(0, 16) };
}

/**
 * The service's checkpoint key from its environment: `AUDIT_SIGNING_KEY` (the PEM itself, e.g. from
 * a Kubernetes secret) or `AUDIT_SIGNING_KEY_FILE` (a path). Undefined when neither is set.
 */
export function loadCheckpointKey(env: {
  AUDIT_SIGNING_KEY?: string | undefined;
  AUDIT_SIGNING_KEY_FILE?: string | undefined;
}): CheckpointKey | undefined {
  if (env.AUDIT_SIGNING_KEY) return checkpointKeyFromPem(env.AUDIT_SIGNING_KEY);
  if (env.AUDIT_SIGNING_KEY_FILE)
    return checkpointKeyFromPem(readFileSync(env.AUDIT_SIGNING_KEY_FILE, "utf8"));
  return undefined;
}

/** The stream of every service's checkpoints in a namespace, e.g. `KS_AUDIT_CHECKPOINTS`. */
export function checkpointStreamName(namespace: string): string {
  return `${namespace.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_AUDIT_CHECKPOINTS`;
}
/** `<ns>.audit.checkpoints.<service>`: one subject per service. */
export function checkpointSubject(namespace: string, service: string): string {
  return `${namespace}.audit.checkpoints.${service}`;
}

/**
 * Creates the checkpoint stream if missing (safe on every start): file storage, no limits, deletes
 * and purges denied, so a checkpoint once stored stays. A stream that exists is left as it is;
 * `deny_delete`/`deny_purge` cannot be turned off by a later update.
 */
export async function ensureCheckpointStream(
  nc: NatsConnection,
  options: { namespace: string; replicas: number },
): Promise<string> {
  const jsm = await jetstreamManager(nc);
  const name = checkpointStreamName(options.namespace);
  try {
    await jsm.streams.info(name);
    return name;
  } catch (error) {
    if (!/not found/i.test(String(error))) throw error;
  }
  try {
    await jsm.streams.add({
      name,
      subjects: [`${options.namespace}.audit.checkpoints.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.New,
      max_msgs: -1,
      max_bytes: -1,
      max_age: 0,
      deny_delete: true,
      deny_purge: true,
      allow_rollup_hdrs: false,
      num_replicas: options.replicas,
    });
  } catch (error) {
    // Another service or replica created it between our info and add.
    if (!String(error).includes("already in use")) throw error;
  }
  return name;
}

/** What a checkpoint says: rows `from`..`to` of `service`'s chain had these hashes at `at`. */
const CheckpointPayload = z.object({
  v: z.literal(1),
  service: z.string(),
  from: z.number().int().min(1),
  to: z.number().int().min(1),
  /** The hash of row `from - 1` (genesis for the first), so checkpoints link like the chain. */
  prev: z.string(),
  /** The hash of every row from..to, in order; the last is the chain's head at `at`. */
  hashes: z.array(z.string()),
  at: z.string(),
});
export type CheckpointPayload = z.infer<typeof CheckpointPayload>;

export interface StoredCheckpoint {
  /** The message's sequence in the checkpoint stream. */
  streamSeq: number;
  /** Null when the signature or the payload did not verify. */
  payload: CheckpointPayload | null;
  problem?: string;
}

async function signCheckpoint(payload: CheckpointPayload, key: CheckpointKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "EdDSA", kid: key.keyId, typ: "audit-checkpoint" })
    .sign(key.privateKey);
}

async function openCheckpoint(jws: string, publicKey: KeyObject): Promise<CheckpointPayload> {
  const { payload } = await compactVerify(jws, publicKey, { algorithms: ["EdDSA"] });
  return CheckpointPayload.parse(JSON.parse(new TextDecoder().decode(payload)));
}

export interface CheckpointTarget {
  db: Database;
  tables: AuditTables;
  nc: NatsConnection;
  namespace: string;
  service: string;
  key: CheckpointKey;
}

/**
 * Publishes checkpoints of every sealed row not yet in one, and returns how many rows they cover.
 * Starts after the service's last stored checkpoint; publishes with the expected last subject
 * sequence, so if another replica published meanwhile this one's publish is refused and it stops
 * (the other covered the rows).
 */
export async function publishCheckpoints(target: CheckpointTarget): Promise<number> {
  const { db, tables, nc, namespace, service, key } = target;
  const stream = checkpointStreamName(namespace);
  const subject = checkpointSubject(namespace, service);
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const last = await lastCheckpoint(jsm, stream, subject);
  let lastSubjectSeq = last?.seq ?? 0;
  let covered = last ? lastCoveredRow(last.data) : { to: 0, hash: GENESIS_HASH };
  const t = tables.auditLog;
  let published = 0;
  for (;;) {
    const rows = await db
      .select({ seq: t.seq, hash: t.hash })
      .from(t)
      .where(gt(t.seq, covered.to))
      .orderBy(asc(t.seq))
      .limit(ROWS_PER_CHECKPOINT);
    if (rows.length === 0) return published;
    const hashes = rows.map((r) => r.hash ?? "");
    const to = rows[rows.length - 1]?.seq ?? covered.to;
    // A gap (a removed row) is not ours to paper over: checkpoint up to it, the verifier reports it.
    const contiguous = rows.every((r, i) => r.seq === covered.to + 1 + i);
    if (!contiguous) return published;
    const payload: CheckpointPayload = {
      v: 1,
      service,
      from: covered.to + 1,
      to,
      prev: covered.hash,
      hashes,
      at: new Date().toISOString(),
    };
    try {
      const ack = await js.publish(subject, await signCheckpoint(payload, key), {
        msgID: `${service}:${payload.from}-${payload.to}`,
        expect: { lastSubjectSequence: lastSubjectSeq },
      });
      lastSubjectSeq = ack.seq;
    } catch (error) {
      if (/wrong last sequence/i.test(String(error))) return published;
      throw error;
    }
    published += rows.length;
    covered = { to, hash: hashes[hashes.length - 1] ?? covered.hash };
  }
}

async function lastCheckpoint(
  jsm: Awaited<ReturnType<typeof jetstreamManager>>,
  stream: string,
  subject: string,
): Promise<{ seq: number; data: string } | null> {
  try {
    const message = await jsm.streams.getMessage(stream, { last_by_subj: subject });
    return message ? { seq: message.seq, data: message.string() } : null;
  } catch (error) {
    if (/no message found|not found/i.test(String(error))) return null;
    throw error;
  }
}

/** Where the last checkpoint ended, read without its signature (the verifier checks signatures). */
function lastCoveredRow(jws: string): { to: number; hash: string } {
  const [, body = ""] = jws.split(".");
  const payload = CheckpointPayload.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  return { to: payload.to, hash: payload.hashes[payload.hashes.length - 1] ?? payload.prev };
}

/** Every checkpoint of a service, in stream order, each with its signature checked. */
export async function readCheckpoints(options: {
  nc: NatsConnection;
  namespace: string;
  service: string;
  publicKey: KeyObject;
}): Promise<StoredCheckpoint[]> {
  const stream = checkpointStreamName(options.namespace);
  const subject = checkpointSubject(options.namespace, options.service);
  const jsm = await jetstreamManager(options.nc);
  let total = 0;
  try {
    const info = await jsm.streams.info(stream, { subjects_filter: subject });
    total = info.state.subjects?.[subject] ?? 0;
  } catch (error) {
    if (/not found/i.test(String(error))) return [];
    throw error;
  }
  if (total === 0) return [];
  const consumer = await jetstream(options.nc).consumers.get(stream, { filter_subjects: subject });
  const out: StoredCheckpoint[] = [];
  const messages = await consumer.consume();
  for await (const message of messages) {
    try {
      out.push({
        streamSeq: message.seq,
        payload: await openCheckpoint(message.string(), options.publicKey),
      });
    } catch (error) {
      out.push({
        streamSeq: message.seq,
        payload: null,
        problem: error instanceof Error ? error.message : String(error),
      });
    }
    if (message.info.pending === 0) break;
  }
  await messages.close();
  return out;
}

/** Why a verification failed: the contract's `AuditTrailProblem`. */
export type TrailProblem = AuditTrailProblem;

/** The verifier's answer: the contract's `AuditVerification` (`GET /audit/verify`). */
export type TrailVerification = AuditVerification;

/**
 * Walks the chain from its first row and checks it twice: against itself (each row's hash covers
 * the previous hash and its content, positions without gaps) and against the signed checkpoints
 * (each checkpointed row's hash is the signed one, and every checkpointed position still exists).
 * Returns at the first problem, with its chain position.
 */
export async function verifyAuditTrail(options: {
  db: Database;
  tables: AuditTables;
  /** Undefined when the service has no signing key. */
  checkpoints: StoredCheckpoint[] | undefined;
  batchSize?: number;
}): Promise<TrailVerification> {
  const { db, tables } = options;
  const t = tables.auditLog;
  const batchSize = options.batchSize ?? 2_000;
  const checkedAt = new Date().toISOString();
  const signed = new Map<number, { hash: string; at: string }>();
  let coveredTo = 0;
  let lastAt: string | null = null;
  let checkpointBreak: TrailVerification["break"];
  for (const checkpoint of options.checkpoints ?? []) {
    const payload = checkpoint.payload;
    if (!payload) {
      checkpointBreak ??= {
        seq: null,
        problem: "bad-checkpoint",
        detail: `checkpoint message ${checkpoint.streamSeq} does not verify: ${checkpoint.problem ?? "unknown"}`,
      };
      continue;
    }
    if (payload.hashes.length !== payload.to - payload.from + 1) {
      checkpointBreak ??= {
        seq: null,
        problem: "bad-checkpoint",
        detail: `checkpoint message ${checkpoint.streamSeq} lists ${payload.hashes.length} hashes for rows ${payload.from}–${payload.to}`,
      };
      continue;
    }
    payload.hashes.forEach((hash, i) => {
      const seq = payload.from + i;
      const earlier = signed.get(seq);
      if (earlier && earlier.hash !== hash) {
        checkpointBreak ??= {
          seq,
          problem: "bad-checkpoint",
          detail: `checkpoints disagree on row ${seq}'s hash (message ${checkpoint.streamSeq})`,
        };
      }
      signed.set(seq, { hash, at: payload.at });
    });
    coveredTo = Math.max(coveredTo, payload.to);
    lastAt = payload.at;
  }

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  let chainBreak: TrailVerification["break"];
  walk: for (;;) {
    const batch = await db
      .select()
      .from(t)
      .where(gt(t.seq, expectedSeq - 1))
      .orderBy(asc(t.seq))
      .limit(batchSize);
    for (const row of batch) {
      if (row.seq !== expectedSeq) {
        chainBreak = {
          seq: expectedSeq,
          problem: "removed",
          detail: `row ${expectedSeq} is missing (the next row is ${row.seq})`,
        };
        break walk;
      }
      if (row.prevHash !== prevHash) {
        chainBreak = {
          seq: expectedSeq,
          problem: "relinked",
          detail: `row ${expectedSeq}'s prev_hash is not row ${expectedSeq - 1}'s hash`,
        };
        break walk;
      }
      const { id: _, hash, prevHash: __, ...content } = row;
      if (rowHash(prevHash, { ...content, seq: expectedSeq }) !== hash) {
        chainBreak = {
          seq: expectedSeq,
          problem: "changed",
          detail: `row ${expectedSeq}'s content does not match its hash`,
        };
        break walk;
      }
      const checkpoint = signed.get(expectedSeq);
      if (checkpoint && checkpoint.hash !== hash) {
        chainBreak = {
          seq: expectedSeq,
          problem: "differs-from-checkpoint",
          detail: `row ${expectedSeq}'s hash is not the one signed in the checkpoint of ${checkpoint.at}: the row was changed and the chain's hashes recomputed`,
        };
        break walk;
      }
      prevHash = hash ?? "";
      expectedSeq += 1;
      rows += 1;
    }
    if (batch.length < batchSize) break;
  }
  if (!chainBreak && rows < coveredTo) {
    chainBreak = {
      seq: rows + 1,
      problem: "removed",
      detail: `rows ${rows + 1}–${coveredTo} were signed in a checkpoint but are missing`,
    };
  }
  const unsealed = await db.$count(t, isNull(t.seq));
  const found = chainBreak ?? checkpointBreak;
  return {
    ok: found === undefined,
    checkedAt,
    rows,
    head: rows > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null,
    unsealed,
    checkpoints: {
      configured: options.checkpoints !== undefined,
      count: options.checkpoints?.length ?? 0,
      coveredTo,
      lastAt,
    },
    notYetCheckpointed: Math.max(0, rows - coveredTo),
    ...(found ? { break: found } : {}),
  };
}

export interface AuditWatch {
  /** Verifies now (concurrent callers share one run) and remembers the result. */
  verifyNow(): Promise<TrailVerification>;
  /** The latest verification's result, scheduled or asked for; undefined before the first. */
  latest(): TrailVerification | undefined;
  /** Publishes checkpoints of what is sealed now; 0 without a key. */
  checkpointNow(): Promise<number>;
  /** Stops both loops, then checkpoints once more (what was sealed up to the shutdown). */
  stop(): Promise<void>;
}

export interface AuditWatchOptions {
  db: Database;
  tables: AuditTables;
  nc: NatsConnection;
  namespace: string;
  service: string;
  /** Without a key no checkpoint is written and every verification reports it. */
  key: CheckpointKey | undefined;
  /** Default one minute. */
  checkpointIntervalMs?: number;
  /** Default ten minutes; the first runs `firstVerifyAfterMs` (default 10 s) after start. */
  verifyIntervalMs?: number;
  firstVerifyAfterMs?: number;
  onError?: (error: unknown, what: "checkpoint" | "verify") => void;
  /** Called when a verification finds the trail broken (raise the alarm). */
  onBroken?: (verification: TrailVerification) => void;
}

/**
 * A service's two audit loops: checkpoints of its sealed chain every minute (and at shutdown), and
 * a verification of the whole trail against them every ten minutes, whose result feeds the admin's
 * alert (`GET /audit/status`).
 */
export function startAuditWatch(options: AuditWatchOptions): AuditWatch {
  const { key } = options;
  const target = key && { ...options, key };
  let latest: TrailVerification | undefined;
  let verifying: Promise<TrailVerification> | undefined;
  let checkpointing: Promise<number> = Promise.resolve(0);
  const timers: ReturnType<typeof setTimeout>[] = [];
  let running = true;

  const checkpointNow = (): Promise<number> => {
    if (!target) return Promise.resolve(0);
    checkpointing = checkpointing.then(
      () => publishCheckpoints(target),
      () => publishCheckpoints(target),
    );
    return checkpointing;
  };
  const verifyNow = (): Promise<TrailVerification> => {
    verifying ??= (async () => {
      try {
        const checkpoints = key
          ? await readCheckpoints({
              nc: options.nc,
              namespace: options.namespace,
              service: options.service,
              publicKey: key.publicKey,
            })
          : undefined;
        const result = await verifyAuditTrail({ db: options.db, tables: options.tables, checkpoints });
        latest = result;
        if (!result.ok) options.onBroken?.(result);
        return result;
      } finally {
        verifying = undefined;
      }
    })();
    return verifying;
  };
  const every = (
    ms: number,
    firstMs: number,
    work: () => Promise<unknown>,
    what: "checkpoint" | "verify",
  ) => {
    const tick = () => {
      if (!running) return;
      work()
        .catch((error: unknown) => options.onError?.(error, what))
        .finally(() => {
          if (!running) return;
          const timer = setTimeout(tick, ms);
          timer.unref?.();
          timers.push(timer);
        });
    };
    const timer = setTimeout(tick, firstMs);
    timer.unref?.();
    timers.push(timer);
  };
  const checkpointMs = options.checkpointIntervalMs ?? 60_000;
  const verifyMs = options.verifyIntervalMs ?? 600_000;
  every(checkpointMs, checkpointMs, checkpointNow, "checkpoint");
  every(verifyMs, options.firstVerifyAfterMs ?? 10_000, verifyNow, "verify");

  return {
    verifyNow,
    latest: () => latest,
    checkpointNow,
    async stop() {
      running = false;
      for (const timer of timers) clearTimeout(timer);
      await verifying?.catch(() => {});
      await checkpointNow().catch((error: unknown) => options.onError?.(error, "checkpoint"));
    },
  };
}
