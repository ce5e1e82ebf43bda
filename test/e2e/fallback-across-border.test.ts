import { createActivationService } from "@krisstod/activation";
import { type Activation, Evaluation, FullRegionalPicture, Incident, Problem } from "@krisstod/contracts";
import { findDemoUser } from "@krisstod/contracts/demo";
import { reportingService } from "@krisstod/reporting";
import { createRosterService } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAndActivate, postJson } from "./support.ts";

/** A demo user's identity (`<organisation>.<role>`), as the development issuer signs them in. */
function demo(userId: string) {
  const user = findDemoUser(userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  return {
    userId,
    name: user.name,
    organisationId: user.organisationId,
    countyCode: user.countyCode,
    roles: user.roles,
  };
}

// Laholm 3.1: "Om Laholms POSOMs ledningsgrupp inte går att nå aktiveras Halmstads eller Båstads
// POSOM via HILL (Hallands integrerade larm och ledning på räddningstjänsten)." Båstad is in Skåne.
describe("the neighbour fallback across the county border: Laholm (Halland) to Båstad (Skåne)", () => {
  let ns: TestNamespace;
  const stops: (() => Promise<void>)[] = [];
  let activation: RunningService;
  let reporting: RunningService;
  const as: Record<string, Record<string, string>> = {};
  let incident: Incident;
  let laholmGroup: Activation;
  let bastadGroup: Activation;

  beforeAll(async () => {
    ns = await createTestNamespace();
    for (const id of [
      "kommun-1381.posom-lead",
      "kommun-1381.activator",
      "kommun-1278.ledningsgrupp",
      "kommun-1278.posom-lead",
      "lansstyrelsen-13.county-observer",
      "lansstyrelsen-12.county-observer",
    ]) {
      as[id] = await ns.headers(demo(id));
    }
    const roster = await startService(createRosterService(), ns.serviceEnv({ DEMO_DATA: true }));
    stops.push(roster.stop);
    // A short wait, so Laholm's ledningsgrupp turns out unreachable within the test.
    activation = await startService(createActivationService({ CALLOUT_WAIT_MS: "150" }), ns.serviceEnv());
    stops.push(activation.stop);
    reporting = await startService(reportingService, ns.serviceEnv());
    stops.push(reporting.stop);

    const opened = await openAndActivate(
      activation.url,
      { lead: as["kommun-1381.posom-lead"] ?? {}, activator: as["kommun-1381.activator"] ?? {} },
      {
        organisationId: "kommun-1381",
        title: "Bussolycka vid Mellbystrand",
        location: { lat: 56.5167, lon: 12.9333, address: "Mellbystrand, Laholm" },
        affectedMunicipalities: ["1381"],
      },
      { reason: "Många vittnen", needed: 4 },
    );
    incident = opened.incident;
    const laholmId = opened.activation.id;
    laholmGroup = await waitFor(
      async () => {
        const a = (await (
          await fetch(`${activation.url}/activations/${laholmId}`, { headers: as["kommun-1381.posom-lead"] })
        ).json()) as Activation;
        return a.status === "unreachable" && a;
      },
      { timeoutMs: 20_000 },
    );
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const bastadMember = () => as["kommun-1278.ledningsgrupp"] ?? {};

  it("Båstad's ledningsgrupp, called as Laholm's fallback, calls out its own support persons for the incident in Halland (Laholm 3.1)", async () => {
    expect(laholmGroup.fallbackOffered).toEqual(["kommun-1380", "kommun-1278"]);
    // Before any call, the Halland incident is not Båstad's: reading it and deciding are refused.
    expect(
      (await fetch(`${activation.url}/incidents/${incident.id}`, { headers: bastadMember() })).status,
    ).toBe(403);

    const fallback = await postJson(
      `${activation.url}/activations/${laholmGroup.id}/fallback`,
      { organisationId: "kommun-1278", reason: "Laholms ledningsgrupp nås inte" },
      as["kommun-1381.activator"] ?? {},
    );
    expect(fallback.status).toBe(201);
    bastadGroup = (await fallback.json()) as Activation;
    expect(bastadGroup).toMatchObject({
      organisationId: "kommun-1278",
      countyCode: "12",
      fallbackForActivationId: laholmGroup.id,
    });

    // Now Båstad's ledningsgrupp reads the incident, finds it in its list and decides.
    expect(
      (await fetch(`${activation.url}/incidents/${incident.id}`, { headers: bastadMember() })).status,
    ).toBe(200);
    const listed = Incident.array().parse(
      await (await fetch(`${activation.url}/incidents`, { headers: bastadMember() })).json(),
    );
    expect(listed.map((i) => i.id)).toContain(incident.id);
    const support = await postJson(
      `${activation.url}/activations`,
      {
        incidentId: incident.id,
        group: "support-persons",
        parentActivationId: bastadGroup.id,
        needed: 2,
        reason: "Stödpersoner till Mellbystrand",
      },
      bastadMember(),
    );
    expect(support.status).toBe(201);
    const bastadSupport = (await support.json()) as Activation;
    expect(bastadSupport).toMatchObject({ organisationId: "kommun-1278", group: "support-persons" });
    // In consultation with whoever activated Båstad's group: Laholm's kommunchef.
    expect(bastadSupport.consultedWith).toBe(`${demo("kommun-1381.activator").name} (Kommunchef)`);

    // Another county's municipality not called stays outside: Båstad's lead is not Halmstad.
    const notCalled = await postJson(
      `${activation.url}/activations`,
      { incidentId: incident.id, group: "management", reason: "Vi hjälper till" },
      await ns.headers({ organisationId: "kommun-1280", countyCode: "12", roles: ["activator"] }),
    );
    expect(notCalled.status).toBe(403);
    expect(Problem.parse(await notCalled.json()).code).toBe("other-county");
  });

  it("both counties' Länsstyrelsen see Båstad's help on their picture, counts only (Laholm 3.1, Halland: samverkan med andra län)", async () => {
    const picture = async (county: string, who: string) =>
      FullRegionalPicture.parse(
        await (await fetch(`${reporting.url}/picture?county=${county}`, { headers: as[who] })).json(),
      );
    for (const [county, who] of [
      ["13", "lansstyrelsen-13.county-observer"],
      ["12", "lansstyrelsen-12.county-observer"],
    ] as const) {
      const seen = await waitFor(async () => {
        const p = await picture(county, who);
        const bastad = (p.activations ?? []).filter((a) => a.organisationId === "kommun-1278");
        return bastad.length === 2 && { p, bastad };
      });
      expect(seen.bastad.map((a) => a.group).sort()).toEqual(["management", "support-persons"]);
      for (const a of seen.bastad) expect(a.counts).toMatchObject({ listed: expect.any(Number) });
      // Counts, never who: no name of a person called or of the decider.
      const text = JSON.stringify(seen.p);
      expect(text).not.toContain(demo("kommun-1381.activator").name);
      expect(text).not.toContain(demo("kommun-1278.ledningsgrupp").name);
    }
    // Skåne sees the help, not Halland's own activations.
    const skane = await picture("12", "lansstyrelsen-12.county-observer");
    expect((skane.activations ?? []).some((a) => a.organisationId === "kommun-1381")).toBe(false);
  });

  // Laholm 3.7: "Varje insats skall utvärderas."
  it("Laholm sees the evaluation of the help it received from Båstad (Laholm 3.7)", async () => {
    const closed = await postJson(
      `${activation.url}/activations/${bastadGroup.id}/close`,
      {},
      as["kommun-1278.posom-lead"] ?? {},
    );
    expect(closed.status).toBe(200);
    const evaluations = async (who: string) =>
      Evaluation.array().parse(
        await (await fetch(`${reporting.url}/evaluations`, { headers: as[who] })).json(),
      );
    const laholms = await waitFor(async () => {
      const list = await evaluations("kommun-1381.posom-lead");
      return list.find((e) => e.activationIds.includes(bastadGroup.id));
    });
    expect(laholms.organisationIds).toEqual(["kommun-1278", "kommun-1381"]);
    const bastads = await evaluations("kommun-1278.posom-lead");
    expect(bastads.map((e) => e.id)).toContain(laholms.id);
  });
});
