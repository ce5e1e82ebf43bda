import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureEventStream, natsConnectOptions } from "@krisstod/bus";
import { busAccess, type Producer, subjects } from "@krisstod/contracts";
import {
  findFreePort,
  type NatsServerHandle,
  renderAuthorization,
  serviceUsers,
  startNatsServer,
} from "@krisstod/local-infra";
import { HARNESS_USER } from "@krisstod/testing";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The bus refuses what a service's job does not need. This file runs a nats-server of its own
 * with exactly the production authorization (namespace "ks", @krisstod/local-infra serviceUsers,
 * as infra/nats and the launcher use it; the shared test server's is written for any namespace).
 * Each refusal is checked beside the allowed twin, so a test that passes because nothing works at
 * all cannot pass.
 */
const NS = "ks";
const PASSWORD = "service-secret";
const HARNESS_PASSWORD = "harness-secret";
const services = Object.keys(busAccess) as Producer[];
const rpcSubjects = (ns: string) =>
  services.flatMap((service) =>
    busAccess[service].serves.map((operation) => ({
      service,
      operation,
      subject: subjects.rpc(ns, service, operation),
    })),
  );
const mayCall = (caller: Producer, service: Producer, operation: string) =>
  busAccess[caller].calls.some((call) => call.service === service && call.operation === operation);

const PERMISSION = /permissions? violation/i;

describe("NATS authorization", () => {
  let server: NatsServerHandle;
  let storeDir: string;
  let harness: NatsConnection;
  let stream: string;
  const connections = new Map<Producer, NatsConnection>();

  const as = async (service: Producer) => {
    const existing = connections.get(service);
    if (existing) return existing;
    const nc = await connect({
      ...natsConnectOptions(server.url, { user: service, password: PASSWORD }),
      name: `as-${service}`,
    });
    connections.set(service, nc);
    return nc;
  };
  /** The error of a request (or undefined when it was answered). */
  const requestError = async (nc: NatsConnection, subject: string, body = "{}") => {
    try {
      await nc.request(subject, body, { timeout: 1_000 });
      return undefined;
    } catch (error) {
      return String(error);
    }
  };
  /** Subscribes and says how the subscription ended within a short while. */
  const subscribeError = async (nc: NatsConnection, subject: string) => {
    const sub = nc.subscribe(subject);
    const ended = await Promise.race([
      sub.closed.then((error) => String(error ?? "closed")),
      new Promise<string>((resolve) => setTimeout(() => resolve("still open"), 1_000)),
    ]);
    if (ended === "still open") sub.unsubscribe();
    return ended;
  };

  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), "krisstod-nats-auth-"));
    server = await startNatsServer({
      port: await findFreePort(),
      storeDir,
      authorization: renderAuthorization([
        { user: HARNESS_USER, password: HARNESS_PASSWORD },
        ...serviceUsers(NS, () => PASSWORD),
      ]),
    });
    harness = await connect(
      natsConnectOptions(server.url, { user: HARNESS_USER, password: HARNESS_PASSWORD }),
    );
    stream = await ensureEventStream(harness, { namespace: NS, replicas: 1 });
    // Every service's durables as the services create them, so reading them can be tried.
    const jsm = await jetstreamManager(harness);
    for (const service of services) {
      for (const { durable, filter } of busAccess[service].consumers) {
        await jsm.consumers.add(stream, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          filter_subject: `${NS}.${filter}`,
        });
      }
    }
    const event = subjects.event(NS, "13", "kommun-1380", "incident.opened");
    await jetstream(harness).publish(event, JSON.stringify({ marker: true }));
  });
  afterAll(async () => {
    for (const nc of connections.values()) await nc.close();
    await harness?.close();
    await server?.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it("refuses a client without credentials: it cannot even connect", async () => {
    const anonymous = connect({ servers: server.url, reconnect: false });
    await expect(anonymous).rejects.toThrow(/authorization violation/i);
    const wrongPassword = connect({
      ...natsConnectOptions(server.url, { user: "roster", password: "not-the-password" }),
      reconnect: false,
    });
    await expect(wrongPassword).rejects.toThrow(/authorization violation/i);
  });

  it("refuses every RPC subject to every service that does not call it", async () => {
    let refused = 0;
    let allowed = 0;
    for (const caller of services) {
      const nc = await as(caller);
      for (const { service, operation, subject } of rpcSubjects(NS)) {
        const error = await requestError(nc, subject);
        if (mayCall(caller, service, operation)) {
          // Allowed, and nobody answers in this namespace: "no responders", not a refusal.
          expect(error, `${caller} → ${subject}`).not.toMatch(PERMISSION);
          allowed++;
        } else {
          expect(error, `${caller} → ${subject}`).toMatch(PERMISSION);
          refused++;
        }
        // Nor may it answer another service's requests.
        if (service !== caller) expect(await subscribeError(nc, subject)).toMatch(PERMISSION);
      }
    }
    expect(refused).toBeGreaterThan(10);
    // activation → roster call-list, authorised-activators, debrief-contacts; support-centres → roster
    // language-speakers, languages-of.
    expect(allowed).toBe(5);
  });

  it("refuses publishing on another service's event subjects, and stores nothing", async () => {
    const jsm = await jetstreamManager(harness);
    const before = (await jsm.streams.info(stream)).state.messages;
    for (const publisher of services) {
      const js = jetstream(await as(publisher));
      for (const owner of services) {
        for (const prefix of busAccess[owner].eventPrefixes) {
          const subject = subjects.event(NS, "13", "kommun-1380", `${prefix}.forged`);
          const outcome = await js.publish(subject, "{}", { timeout: 1_000 }).then(
            () => "stored",
            (error: unknown) => String(error),
          );
          if (owner === publisher) expect(outcome, `${publisher} → ${subject}`).toBe("stored");
          else expect(outcome, `${publisher} → ${subject}`).toMatch(PERMISSION);
        }
      }
    }
    const own = services.reduce((n, s) => n + busAccess[s].eventPrefixes.length, 0);
    expect((await jsm.streams.info(stream)).state.messages).toBe(before + own);
    // Nor on another service's audit checkpoints.
    const roster = await as("roster");
    expect(await requestError(roster, `${NS}.audit.checkpoints.activation`)).toMatch(PERMISSION);
    expect(await requestError(roster, `${NS}.audit.checkpoints.roster`)).not.toMatch(PERMISSION);
  });

  it("refuses reading the stream beyond a service's own consumers", async () => {
    const roster = await as("roster");
    const events = subjects.allEvents(NS);
    // Not the subjects themselves (a core subscription), not a message by sequence.
    expect(await subscribeError(roster, events)).toMatch(PERMISSION);
    expect(await requestError(roster, `$JS.API.STREAM.MSG.GET.${stream}`, '{"seq":1}')).toMatch(PERMISSION);
    expect(await requestError(roster, `$JS.API.DIRECT.GET.${stream}`, '{"seq":1}')).toMatch(PERMISSION);
    // Not a consumer of every event, nor one under another service's durable name.
    const all = JSON.stringify({ stream_name: stream, config: { name: "peek", filter_subject: events } });
    expect(await requestError(roster, `$JS.API.CONSUMER.CREATE.${stream}.peek.${events}`, all)).toMatch(
      PERMISSION,
    );
    expect(await requestError(roster, `$JS.API.CONSUMER.CREATE.${stream}.peek`, all)).toMatch(PERMISSION);
    expect(
      await requestError(roster, `$JS.API.CONSUMER.MSG.NEXT.${stream}.reporting-picture`, '{"batch":1}'),
    ).toMatch(PERMISSION);
    expect(await requestError(roster, `$JS.API.CONSUMER.DELETE.${stream}.reporting-picture`)).toMatch(
      PERMISSION,
    );
    // Its own durable it may read.
    const own = await requestError(roster, `$JS.API.CONSUMER.INFO.${stream}.roster-mutual-aid-deployments`);
    expect(own).toBeUndefined();
    // Another service reads only its own durables too.
    const centres = await as("support-centres");
    expect(
      await requestError(
        centres,
        `$JS.API.CONSUMER.MSG.NEXT.${stream}.reporting-after-action`,
        '{"batch":1}',
      ),
    ).toMatch(PERMISSION);
    expect(await subscribeError(centres, events)).toMatch(PERMISSION);
  });
});
