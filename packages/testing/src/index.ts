import { randomBytes } from "node:crypto";
import type { ServiceEnv } from "@krisstod/config";
import postgres from "postgres";
import "./provided.ts";
import { afterAll, inject } from "vitest";

export { type EventStream, openEventStream } from "./sse.ts";
export { waitFor } from "./wait.ts";

/** A short random token, safe in database names and NATS subjects. */
export function uniqueToken(): string {
  return randomBytes(5).toString("hex");
}

export interface TestNamespace {
  /** A fresh database of its own on the test server. */
  readonly databaseUrl: string;
  readonly natsUrl: string;
  /** NATS namespace: subjects `t<token>.…`, stream `T<token>_EVENTS`. */
  readonly natsNamespace: string;
  /** Environment for startService(), on a free port. */
  serviceEnv(overrides?: Partial<ServiceEnv>): ServiceEnv;
}

/**
 * One namespace per test file: its own database and its own NATS subjects and stream, so files
 * run in parallel and clean up by dropping the namespace, not by remembering ids.
 */
export async function createTestNamespace(): Promise<TestNamespace> {
  const adminUrl = inject("databaseUrl");
  const natsUrl = inject("natsUrl");
  const token = uniqueToken();
  const database = `t_${token}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin`create database ${admin(database)}`;
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const natsNamespace = `t${token}`;
  afterAll(async () => {
    await admin`drop database if exists ${admin(database)} with (force)`;
    await admin.end();
    await deleteStream(natsUrl, natsNamespace);
  });
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
  };
}

async function deleteStream(natsUrl: string, namespace: string): Promise<void> {
  const { connect } = await import("@nats-io/transport-node");
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(`${namespace.toUpperCase()}_EVENTS`).catch(() => {});
  } finally {
    await nc.close();
  }
}
