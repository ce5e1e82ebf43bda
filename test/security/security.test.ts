import { connect as tcpConnect } from "node:net";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectionStrings } from "../fuzz/arbitrary.ts";
import { type Cluster, startCluster } from "../scenario/cluster.ts";

/**
 * Attacks a signed-in outsider or an anonymous client would try, against the services running as
 * child processes (so their JSON logs can be read): all refused, nothing leaked, refusals logged.
 */
const halmstadStaff = {
  userId: "kommun-1380.centre-staff",
  organisationId: "kommun-1380",
  countyCode: "13",
  roles: ["centre-staff" as const],
};
const halmstadLead = {
  userId: "kommun-1380.posom-lead",
  organisationId: "kommun-1380",
  countyCode: "13",
  roles: ["posom-lead" as const],
};
const varbergStaff = {
  userId: "kommun-1383.centre-staff",
  organisationId: "kommun-1383",
  countyCode: "13",
  roles: ["centre-staff" as const],
};
const varbergLead = {
  userId: "kommun-1383.posom-lead",
  organisationId: "kommun-1383",
  countyCode: "13",
  roles: ["posom-lead" as const],
};
const VISITOR_NAME = "Hemlig Besökare Svensson";

describe("security", () => {
  let ns: TestNamespace;
  let cluster: Cluster;
  let incidentId: string;
  let centreId: string;
  let visitorId: string;
  let lead: Record<string, string>;
  let staff: Record<string, string>;

  beforeAll(async () => {
    ns = await createTestNamespace();
    cluster = await startCluster(ns.serviceEnv(), { only: ["activation", "support-centres", "reporting"] });
    lead = await ns.headers(halmstadLead);
    staff = await ns.headers(halmstadStaff);
    const incident = await post("activation", "/incidents", lead, {
      kind: "fire",
      title: "Säkerhetstest",
      location: { lat: 56.67, lon: 12.86 },
      occurredAt: new Date().toISOString(),
      affectedMunicipalities: ["1380"],
    });
    incidentId = ((await incident.json()) as { id: string }).id;
    const centre = await post("support-centres", "/centres", lead, {
      incidentId,
      operator: "posom",
      posomOrganisationId: "kommun-1380",
      name: "Stödcentrum",
      location: { lat: 56.7, lon: 12.9 },
      functions: ["information-referral"],
      capacity: 50,
    });
    centreId = ((await centre.json()) as { id: string }).id;
    await post("support-centres", `/centres/${centreId}/open`, lead, {});
    const visitor = await post("support-centres", `/centres/${centreId}/visitors`, staff, {
      registration: {
        name: VISITOR_NAME,
        dateOfBirth: "1970-01-02",
        relation: "affected",
        phone: "070-1234567",
      },
    });
    expect(visitor.status).toBe(201);
    visitorId = ((await visitor.json()) as { id: string }).id;
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  const post = (
    svc: "activation" | "support-centres" | "reporting",
    path: string,
    headers: Record<string, string>,
    body: unknown,
  ) => fetch(`${cluster.url(svc)}${path}`, { method: "POST", headers, body: JSON.stringify(body) });

  it("refuses another municipality reading a centre's visitors (403) and says nothing personal", async () => {
    for (const who of [varbergStaff, varbergLead]) {
      const headers = await ns.headers(who);
      for (const path of [`/centres/${centreId}/visitors`, `/centres/${centreId}/visitors/${visitorId}`]) {
        const response = await fetch(`${cluster.url("support-centres")}${path}`, { headers });
        const text = await response.text();
        // The list answers 200 with no entries today (filtered to the visitors the asker's own
        // organisation received) rather than 403; it discloses nothing, so either is accepted here.
        const refused =
          response.status === 403 || (path.endsWith("/visitors") && response.status === 200 && text === "[]");
        expect(refused, `${who.userId} GET ${path}: ${response.status} ${text}`).toBe(true);
        expect(text).not.toContain(VISITOR_NAME);
        expect(text).not.toContain("1970-01-02");
        expect(text).not.toContain("070-1234567");
      }
    }
    // The operator's own staff do see the visitor (the refusal above is about scope, not a broken route).
    const own = await fetch(`${cluster.url("support-centres")}/centres/${centreId}/visitors/${visitorId}`, {
      headers: staff,
    });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(VISITOR_NAME);
  });

  it("logs each refusal with its status, path and request id", async () => {
    const headers = await ns.headers(varbergStaff);
    const response = await fetch(
      `${cluster.url("support-centres")}/centres/${centreId}/visitors/${visitorId}`,
      { headers },
    );
    expect(response.status).toBe(403);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toBeTruthy();
    await expect
      .poll(
        () =>
          cluster.services["support-centres"].logs.find(
            (l) => l.includes(String(requestId)) && l.includes('"status":403'),
          ),
        { timeout: 5_000 },
      )
      .toBeTruthy();
  });

  it("refuses tampered, unsigned, expired-looking and missing tokens (401)", async () => {
    const token = await ns.token(halmstadStaff);
    const [h, p, s] = token.split(".") as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(
      JSON.stringify({
        ...payload,
        organisation: "kommun-1383",
        org: "kommun-1383",
        organisationId: "kommun-1383",
        roles: ["posom-lead"],
      }),
    ).toString("base64url");
    const none = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const expired = Buffer.from(JSON.stringify({ ...payload, exp: 1 })).toString("base64url");
    const flipped = `${s.slice(0, -2)}${s.at(-2) === "A" ? "B" : "A"}${s.at(-1)}`;
    const variants = {
      "signature changed": `${h}.${p}.${flipped}`,
      "claims changed": `${h}.${forged}.${s}`,
      "alg none": `${none}.${forged}.`,
      "expired claims": `${h}.${expired}.${s}`,
      garbage: "not-a-token",
      empty: "",
    };
    for (const [name, bad] of Object.entries(variants)) {
      const response = await fetch(`${cluster.url("support-centres")}/centres/${centreId}/visitors`, {
        headers: { Authorization: `Bearer ${bad}` },
      });
      const text = await response.text();
      expect(response.status, `${name}: ${text}`).toBe(401);
      expect(text).not.toContain(VISITOR_NAME);
    }
  });

  it("treats SQL in every string field and query parameter as data", async () => {
    for (const attack of injectionStrings) {
      const arrival = await post("support-centres", `/centres/${centreId}/visitors`, staff, {
        registration: {
          name: attack,
          dateOfBirth: "1980-01-01",
          relation: "relative",
          lookingFor: attack,
          specialNeeds: attack,
          phone: attack.slice(0, 40),
        },
      });
      expect(arrival.status, await arrival.clone().text()).toBeLessThan(500);
      const logbook = await post("reporting", `/incidents/${incidentId}/logbook-entries`, lead, {
        organisationId: "kommun-1380",
        countyCode: "13",
        logbook: "ledningsgrupp",
        authorId: attack,
        authorName: attack,
        text: attack,
      });
      expect(
        logbook.status,
        `logbook entry with ${JSON.stringify(attack)}: ${await logbook.clone().text()}`,
      ).toBeLessThan(500);
      const incident = await post("activation", "/incidents", lead, {
        kind: "fire",
        title: `x ${attack}`,
        description: attack,
        location: { lat: 56.6, lon: 12.8, address: attack },
        occurredAt: new Date().toISOString(),
        affectedMunicipalities: ["1380"],
      });
      expect(incident.status, `incident with ${JSON.stringify(attack)}`).toBeLessThan(500);
      // PostgreSQL cannot store NUL in text: refused up front, naming the field.
      if (attack.includes("\u0000")) expect(incident.status).toBe(400);
      for (const [svc, path] of [
        ["support-centres", `/centres?incidentId=${encodeURIComponent(attack)}`],
        ["support-centres", `/centres/${encodeURIComponent(attack)}/visitors`],
        ["activation", `/dev/outbox?personId=${encodeURIComponent(attack)}`],
        [
          "reporting",
          `/incidents/${incidentId}/logbook-entries?organisationId=kommun-1380&personId=${encodeURIComponent(attack)}`,
        ],
        ["reporting", `/picture?county=${encodeURIComponent(attack)}`],
      ] as const) {
        const response = await fetch(`${cluster.url(svc)}${path}`, { headers: lead });
        expect(response.status, `${path}`).toBeLessThan(500);
      }
    }
    // The tables are all still there and hold what was written (as text).
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from activation.incidents`;
      const storable = injectionStrings.filter((attack) => !attack.includes("\u0000"));
      expect(row?.n).toBeGreaterThan(storable.length);
      const [entries] = await sql<
        { n: number }[]
      >`select count(*)::int as n from reporting.logbook_entries where text = ${injectionStrings[1] ?? ""}`;
      expect(entries?.n).toBe(1);
    } finally {
      await sql.end();
    }
  });

  it("refuses an oversized body with 413", async () => {
    const huge = {
      kind: "fire",
      title: "Stor",
      description: "x".repeat(3 * 1024 * 1024),
      location: { lat: 56.6, lon: 12.8 },
      occurredAt: new Date().toISOString(),
      affectedMunicipalities: ["1380"],
    };
    const response = await post("activation", "/incidents", lead, huge);
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });

  it("does not let CR/LF in a header split the response or crash the service", async () => {
    // fetch refuses CR/LF in header values, so this talks raw HTTP.
    const url = new URL(cluster.url("support-centres"));
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = tcpConnect(Number(url.port), url.hostname, () => socket.end(request));
        let data = "";
        socket.on("data", (d) => {
          data += d.toString();
        });
        socket.on("end", () => resolve(data));
        socket.on("error", reject);
      });
    const injected = await raw(
      `GET /centres HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc\rSet-Cookie: pwned=1\r\nAuthorization: ${lead.Authorization}\r\nConnection: close\r\n\r\n`,
    );
    expect(injected).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect(injected.toLowerCase()).not.toContain("set-cookie: pwned");
    const echoed = await raw(
      `GET /centres HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc%0d%0aSet-Cookie:%20pwned=1\r\nAuthorization: ${lead.Authorization}\r\nConnection: close\r\n\r\n`,
    );
    expect(echoed.toLowerCase()).not.toContain("set-cookie: pwned");
    expect((await fetch(`${cluster.url("support-centres")}/healthz`)).status).toBe(200);
  });
});
