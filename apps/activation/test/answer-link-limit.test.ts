import { request } from "node:http";
import type { Activation, Incident } from "@krisstod/contracts";
import type { RunningService } from "@krisstod/runtime";
import { waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { laholmIncident, linkOn, outbox, postJson, signIn, startActivationWithRoster } from "./support.ts";

interface Sent {
  status: number;
  body: string;
}

/**
 * One request over real HTTP from a chosen local address (127.0.0.1 plays the reverse proxy,
 * 127.0.0.2 a client connecting directly), with an X-Forwarded-For as the proxy would add it.
 */
function send(
  url: string,
  options: { method?: string; from?: string; forwardedFor?: string; json?: unknown } = {},
): Promise<Sent> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? "POST",
        localAddress: options.from ?? "127.0.0.1",
        headers: {
          Accept: "application/json",
          ...(body ? { "Content-Type": "application/json" } : {}),
          ...(options.forwardedFor ? { "X-Forwarded-For": options.forwardedFor } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The answer link's limit behind a reverse proxy (TRUSTED_PROXIES=127.0.0.1), over real HTTP. */
describe("the answer-link rate limit behind a trusted proxy", () => {
  const stops: (() => Promise<void>)[] = [];
  let service: RunningService;
  let link: { url: string; token: string };
  let callOutUrl: string;

  beforeAll(async () => {
    const running = await startActivationWithRoster(
      { CALLOUT_WAIT_MS: "60000", SENDER_POLL_MS: "25", TRUSTED_PROXIES: "127.0.0.1" },
      { lead: signIn.laholmLead, chief: signIn.laholmChief },
    );
    stops.push(running.stop);
    service = running.service;
    const { lead, chief } = running.as;
    const incident = (await (
      await postJson(`${service.url}/incidents`, laholmIncident, lead)
    ).json()) as Incident;
    const decided = await postJson(
      `${service.url}/activations`,
      { incidentId: incident.id, group: "management", reason: "Bussolycka", needed: 1 },
      chief,
    );
    expect(decided.status).toBe(201);
    const activation = (await decided.json()) as Activation;
    const messages = await waitFor(async () => {
      const m = await outbox(service.url, activation.id, lead);
      return m.some((x) => x.channel === "sms") && m;
    });
    link = linkOn(service.url, messages.find((m) => m.channel === "sms")?.answerLink ?? "");
    callOutUrl = link.url;
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const bad = { token: "not-a-link", answer: "accept" };

  it("lets a genuine answer through after 65 bad requests from the proxy's own address and from the same client address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 65; i++) statuses.push((await send(callOutUrl, { json: bad })).status);
    expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429, 429, 429, 429]);
    // The attacker behind the proxy, named by X-Forwarded-For, runs out too.
    const attacker = "198.51.100.9";
    const attackerStatuses: number[] = [];
    for (let i = 0; i < 65; i++) {
      attackerStatuses.push((await send(callOutUrl, { json: bad, forwardedFor: attacker })).status);
    }
    expect(attackerStatuses.at(-1)).toBe(429);
    // Another support person behind the same proxy is not held back by either …
    expect((await send(callOutUrl, { json: bad, forwardedFor: "198.51.100.10" })).status).toBe(401);
    // … and the genuine link answers, even from the attacker's own (shared, NATed) address.
    const page = await send(`${callOutUrl}?token=${encodeURIComponent(link.token)}`, {
      method: "GET",
      forwardedFor: attacker,
    });
    expect(page.status, page.body).toBe(200);
    const answered = await send(callOutUrl, {
      json: { token: link.token, answer: "accept", etaMinutes: 15 },
      forwardedFor: attacker,
    });
    expect(answered.status, answered.body).toBe(200);
    expect(JSON.parse(answered.body)).toMatchObject({ status: "accepted" });
  });

  it("believes X-Forwarded-For only from the trusted proxy: a direct client cannot rotate it to escape", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) {
      const spoofed = `203.0.113.${i}`;
      statuses.push((await send(callOutUrl, { json: bad, from: "127.0.0.2", forwardedFor: spoofed })).status);
    }
    expect(statuses.slice(-2)).toEqual([429, 429]);
  });

  it("counts one valid link on its own: hammering it is limited too", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) {
      const page = `${callOutUrl}?token=${encodeURIComponent(link.token)}`;
      statuses.push((await send(page, { method: "GET", forwardedFor: `192.0.2.${i}` })).status);
    }
    // The link was used twice above (page and answer): 58 more in the minute, from any address.
    expect(statuses.slice(0, 58).every((s) => s === 409)).toBe(true);
    expect(statuses.slice(58)).toEqual([429, 429, 429, 429]);
  });
});
