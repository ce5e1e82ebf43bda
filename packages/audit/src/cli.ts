import { loadEnvOrExit } from "@krisstod/config";
import { connectDatabase } from "@krisstod/db";
import { connect } from "@nats-io/transport-node";
import { z } from "zod";
import {
  loadCheckpointKey,
  readCheckpoints,
  type TrailVerification,
  verifyAuditTrail,
} from "./checkpoints.ts";
import type { AuditTables } from "./index.ts";

/** What the verifier reads: the service's own variables (see the README's configuration). */
const verifyEnv = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  NATS_URL: z.string().min(1),
  NATS_NAMESPACE: z.string().default("ks"),
  /** The service's NATS identity, as the service itself uses it (user default: the service's name). */
  NATS_USER: z.string().min(1).optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
  NATS_TLS_CA_FILE: z.string().min(1).optional(),
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
});

/** One line a person reads, then the details. */
export function describeVerification(service: string, v: TrailVerification): string {
  const lines = [
    v.ok
      ? `${service}: audit trail OK — ${v.rows} rows verified, signed checkpoints cover rows 1–${v.checkpoints.coveredTo}`
      : `${service}: audit trail BROKEN at ${v.break?.seq === null ? "a checkpoint" : `row ${v.break?.seq}`} (${v.break?.problem}): ${v.break?.detail}`,
    `  rows verified: ${v.rows}; head: ${v.head ? `${v.head.seq} ${v.head.hash}` : "none"}; unsealed: ${v.unsealed}`,
    v.checkpoints.configured
      ? `  checkpoints: ${v.checkpoints.count}, last ${v.checkpoints.lastAt ?? "never"}; rows not yet checkpointed: ${v.notYetCheckpointed}`
      : "  checkpoints: NO SIGNING KEY configured — only the unkeyed chain was checked",
  ];
  return lines.join("\n");
}

/**
 * `npm run audit:verify -w @krisstod/<service>`: verifies the service's audit trail against its
 * signed checkpoints with the service's own environment, prints the result (`--json` for the
 * verification as JSON) and exits 0 when intact, 1 when broken, 2 when it could not check.
 */
export async function runAuditVerifyCli(options: { service: string; tables: AuditTables }): Promise<never> {
  const env = loadEnvOrExit(verifyEnv);
  try {
    const key = loadCheckpointKey(env);
    const database = connectDatabase(env.DATABASE_URL, { max: 2 });
    const user = env.NATS_USER ?? options.service;
    const nc = await connect({
      servers: env.NATS_URL.split(","),
      name: `${options.service}-audit-verify`,
      // The service's permissions let it read its replies only below its own inbox prefix.
      ...(env.NATS_PASSWORD ? { user, pass: env.NATS_PASSWORD, inboxPrefix: `_INBOX.${user}` } : {}),
      ...(env.NATS_TLS_CA_FILE ? { tls: { caFile: env.NATS_TLS_CA_FILE } } : {}),
    });
    try {
      const checkpoints = key
        ? await readCheckpoints({
            nc,
            namespace: env.NATS_NAMESPACE,
            service: options.service,
            publicKey: key.publicKey,
          })
        : undefined;
      const verification = await verifyAuditTrail({ db: database.db, tables: options.tables, checkpoints });
      process.stdout.write(
        process.argv.includes("--json")
          ? `${JSON.stringify(verification, null, 2)}\n`
          : `${describeVerification(options.service, verification)}\n`,
      );
      process.exit(verification.ok ? 0 : 1);
    } finally {
      await nc.close();
      await database.close();
    }
  } catch (error) {
    process.stderr.write(
      `${options.service}: could not verify the audit trail: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  }
}
