import { randomBytes } from "node:crypto";
import type { ServiceEnv } from "@krisstod/config";
import { subjects } from "@krisstod/contracts";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";

/** A short random token, safe in database names and NATS subjects. */
export function uniqueToken(): string {
  return randomBytes(5).toString("hex");
}

export interface Namespace {
  /** A fresh database of its own on the server. */
  readonly databaseUrl: string;
  readonly natsUrl: string;
  /** NATS namespace: subjects `t<token>.…`, stream `T<token>_EVENTS`. */
  readonly natsNamespace: string;
  /** Environment for startService(), on a free port. */
  serviceEnv(overrides?: Partial<ServiceEnv>): ServiceEnv;
  /** Drops the database and the namespace's stream. */
  drop(): Promise<void>;
}

/**
 * A database and a NATS namespace of their own on shared servers, so test files (and benchmark
 * targets) run side by side and clean up by dropping the namespace, not by remembering ids.
 */
export async function createNamespace(adminUrl: string, natsUrl: string): Promise<Namespace> {
  const token = uniqueToken();
  const database = `t_${token}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin`create database ${admin(database)}`;
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const natsNamespace = `t${token}`;
  return {
    databaseUrl: url.toString(),
    natsUrl,
    natsNamespace,
    serviceEnv: (overrides = {}) => ({
      PORT: 0,
      HOST: "127.0.0.1",
      DATABASE_URL: url.toString(),
      NATS_URL: natsUrl,
      NATS_NAMESPACE: natsNamespace,
      NATS_STREAM_REPLICAS: 1,
      LOG_LEVEL: "silent",
      DEMO_DATA: false,
      ...overrides,
    }),
    drop: async () => {
      await admin`drop database if exists ${admin(database)} with (force)`;
      await admin.end();
      const nc = await connect({ servers: natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.streams.delete(subjects.eventStream(natsNamespace)).catch(() => {});
      } finally {
        await nc.close();
      }
    },
  };
}
