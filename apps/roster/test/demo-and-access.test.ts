import { authorisationMatrix, samplePath, uncoveredRoutes } from "@krisstod/auth/testing";
import { requestRpc } from "@krisstod/bus";
import {
  AuthorisedActivatorsResponse,
  CallListResponse,
  Organisation,
  Person,
  Readiness,
  rosterRpc,
  subjects,
} from "@krisstod/contracts";
import { findDemoUser } from "@krisstod/contracts/demo";
import { createTestNamespace, makePrincipal } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { rosterPolicy } from "../src/policy.ts";
import { type Harness, startRoster } from "./harness.ts";

describe("Halland demo data", () => {
  let h: Harness;
  const observer = { organisationId: "lansstyrelsen-13", roles: ["county-observer" as const] };

  beforeAll(async () => {
    h = await startRoster({ demo: true });
  });
  afterAll(() => h?.stop());

  it("has Halland's organisations, neighbours across the county border and authorised functions", async () => {
    const all = Organisation.array().parse(await (await h.as(observer)("/organisations")).json());
    expect(all.map((o) => o.id)).toEqual(
      expect.arrayContaining([
        "lansstyrelsen-13",
        "region-13",
        "kommun-1315",
        "kommun-1384",
        "kommun-1278",
        "polisen-13",
      ]),
    );
    const laholm = all.find((o) => o.id === "kommun-1381");
    expect(laholm?.neighbours).toEqual(["kommun-1380", "kommun-1278"]);
    expect(laholm?.authorisedFunctions.map((f) => f.title)).toContain("Insatsledare Räddningstjänsten");
    expect(laholm?.position).not.toBeNull();
    // Styrdokument 3.1: whom Laholm's ledningsgrupp represents.
    expect(laholm?.managementComposition).toEqual([
      "Socialtjänsten",
      "Polisen",
      "Räddningstjänsten",
      "Svenska kyrkan",
    ]);
    expect(all.find((o) => o.id === "kommun-1278")?.countyCode).toBe("12");
  });

  it("shows each municipality's readiness to the county board, with the gaps that lower it", async () => {
    const response = await h.as(observer)("/readiness?county=13");
    expect(response.status).toBe(200);
    const list = Readiness.array().parse(await response.json());
    expect(list).toHaveLength(6);
    const by = Object.fromEntries(list.map((r) => [r.organisationId, r]));
    expect(by["kommun-1380"]?.level).toBe("ready");
    expect(by["kommun-1315"]?.level).toBe("insufficient");
    expect(new Set(list.map((r) => r.level)).size).toBe(3);
    expect(by["kommun-1315"]?.gaps.map((g) => g.code)).toEqual(
      expect.arrayContaining(["support-persons-below-target", "call-list-not-reviewed", "training-outdated"]),
    );
    expect(by["kommun-1384"]?.gaps.map((g) => g.code)).toContain("workplace-concentration");
    // Laholm's demo ledningsgrupp has a member from each organisation its styrdokument names.
    expect(by["kommun-1381"]?.gaps.map((g) => g.code)).not.toContain("management-representation-missing");
    // Another county's observer is refused.
    const skane = h.as({ organisationId: "lansstyrelsen-12", countyCode: "12", roles: ["county-observer"] });
    expect((await skane("/readiness?county=13")).status).toBe(403);
  });

  it("names each demo user's roster person as the issuer names the user (one demo dataset)", async () => {
    const lead = h.as({ organisationId: "kommun-1381", roles: ["posom-lead"] });
    const people = Person.array().parse(await (await lead("/organisations/kommun-1381/people")).json());
    const names = people.map((p) => `${p.givenName} ${p.familyName}`);
    for (const role of ["posom-lead", "ledningsgrupp", "activator", "support-person"]) {
      const user = findDemoUser(`kommun-1381.${role}`);
      expect(user).toBeDefined();
      expect(names).toContain(user?.name);
    }
  });

  it("lets a signed-in support person mark themselves unavailable, and nobody else", async () => {
    const lead = h.as({ organisationId: "kommun-1381", roles: ["posom-lead"] });
    const people = Person.array().parse(
      await (await lead("/organisations/kommun-1381/people?role=support-person")).json(),
    );
    const self = h.as({
      userId: "kommun-1381.support-person",
      organisationId: "kommun-1381",
      roles: ["support-person"],
    });
    const period = { from: "2026-12-20T00:00:00Z", to: "2027-01-06T00:00:00Z", reason: "holiday" };
    const statuses = await Promise.all(
      people.map(
        async (p) => (await self(`/people/${p.id}/unavailability`, { method: "POST", json: period })).status,
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 403)).toHaveLength(people.length - 1);
  });

  it("answers PKL's call list and Laholm's activators over NATS from the demo data", async () => {
    const subject = (operation: string) => subjects.rpc(h.ns.natsNamespace, "roster", operation);
    const nc = h.nc;
    // On behalf of signed-in people, as activation asks (the request carries their token).
    const token = (organisationId: string, userId: string) =>
      h.issuer.mint(makePrincipal({ organisationId, userId, countyCode: "13", roles: ["posom-lead"] }));
    const pkl = await requestRpc({
      nc,
      subject: subject(rosterRpc.callList),
      body: { organisationId: "region-13", group: "pkl" },
      response: CallListResponse,
      token: await token("region-13", "region-13.pkl-lead"),
    });
    expect(pkl.entries.length).toBeGreaterThan(8);
    expect(pkl.entries.every((e) => e.role === "pkl")).toBe(true);
    const laholm = await requestRpc({
      nc,
      subject: subject(rosterRpc.activators),
      body: { organisationId: "kommun-1381" },
      response: AuthorisedActivatorsResponse,
      token: await token("kommun-1381", "kommun-1381.posom-lead"),
    });
    expect(laholm.persons.map((p) => p.functionTitle)).toContain("Kommunchef");
  });

  it("adds nothing when started again on the same data", async () => {
    const lead = h.as({ organisationId: "kommun-1381", roles: ["posom-lead"] });
    const before = ((await (await lead("/organisations/kommun-1381/people")).json()) as unknown[]).length;
    expect(before).toBeGreaterThan(20);
    const again = await startRoster({ demo: true, ns: h.ns });
    try {
      const after = await again.as({ organisationId: "kommun-1381", roles: ["posom-lead"] })(
        "/organisations/kommun-1381/people",
      );
      expect(((await after.json()) as unknown[]).length).toBe(before);
    } finally {
      await again.stop();
    }
  });
});

describe("authorisation matrix", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startRoster({ ns: await createTestNamespace() });
  });
  afterAll(() => h?.stop());

  it("covers every route the app registers, from the routes' declarations", () => {
    const app = createApp(h.service.context);
    expect(h.service.routes.length).toBeGreaterThan(25);
    expect(uncoveredRoutes(app, h.service.routes)).toEqual([]);
  });

  it("refuses every role the policy does not allow, on every route", async () => {
    const refused = authorisationMatrix(rosterPolicy, h.service.routes).filter((row) => !row.allowed);
    expect(refused.length).toBeGreaterThan(20);
    for (const row of refused) {
      const path = samplePath(row.path, { id: "kommun-1380", group: "support-persons" }).replace(
        /\/people\/kommun-1380|\/trainings\/kommun-1380/,
        (m) => m.replace("kommun-1380", "0190f5a2-0000-7000-8000-000000000000"),
      );
      const response = await h.as({ roles: row.role ? [row.role] : [] })(path, {
        method: row.method,
        ...(row.method === "GET" || row.method === "DELETE" ? {} : { json: {} }),
      });
      expect(response.status, `${row.method} ${row.path} as ${row.role}`).toBe(403);
    }
  });
});
