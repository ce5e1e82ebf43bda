import { RegionRequest } from "@krisstod/contracts";
import type { RunningService } from "@krisstod/runtime";
import { halland, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { laholmIncident, postJson, startActivationWithRoster } from "./support.ts";

/**
 * Halland "Kontaktvägar": "Kontakter med Region Halland sker via TIB (tjänsteperson i beredskap).
 * Ibland behöver inte PKL aktiveras utan det kan istället handla om enskilda kompetenser inom Region
 * Halland, exempelvis från BUP (barn och ungdomspsykiatri) eller vuxenpsykiatrin. Även då tas
 * kontakterna via TIB."
 */
describe("contacts with the region go through its TIB", () => {
  const stops: (() => Promise<void>)[] = [];
  let activation: RunningService;
  let as: Record<"laholm" | "tib" | "halmstad" | "chief" | "otherTib", Record<string, string>>;
  let events: { type: string; data: unknown }[];

  beforeAll(async () => {
    const running = await startActivationWithRoster(
      {},
      {
        laholm: halland.laholmLead,
        tib: {
          userId: "region-13.region-tib",
          organisationId: "region-13",
          countyCode: "13",
          roles: ["region-tib"],
        },
        halmstad: halland.halmstadLead,
        chief: halland.regionChief,
        otherTib: {
          userId: "region-12.region-tib",
          organisationId: "region-12",
          countyCode: "12",
          roles: ["region-tib"],
        },
      },
    );
    stops.push(running.stop);
    ({ service: activation, as, events } = running);
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const list = async (headers: Record<string, string>) => {
    const response = await fetch(`${activation.url}/region-requests`, { headers });
    expect(response.status).toBe(200);
    return RegionRequest.array().parse(await response.json());
  };

  it("a municipality asks the region's TIB for BUP staff; the TIB sees it and answers; the municipality sees the answer", async () => {
    const incident = await postJson(`${activation.url}/incidents`, laholmIncident, as.laholm);
    expect(incident.status).toBe(201);
    const incidentId = ((await incident.json()) as { id: string }).id;

    const made = await postJson(
      `${activation.url}/region-requests`,
      { incidentId, competence: "bup", quantity: 2, message: "Många barn på bussen, behöver BUP på skolan." },
      as.laholm,
    );
    expect(made.status).toBe(201);
    const request = RegionRequest.parse(await made.json());
    expect(request).toMatchObject({
      regionId: "region-13",
      status: "open",
      answer: null,
      organisationId: "kommun-1381",
    });

    // Region Halland's TIB sees it; another municipality and another region do not.
    expect((await list(as.tib)).map((r) => r.id)).toContain(request.id);
    expect((await list(as.halmstad)).map((r) => r.id)).not.toContain(request.id);
    expect((await list(as.otherTib)).map((r) => r.id)).not.toContain(request.id);

    // Only the TIB of that region answers, and only once.
    const foreign = await postJson(
      `${activation.url}/region-requests/${request.id}/answer`,
      { decision: "will-send", message: "Vi skickar två." },
      as.otherTib,
    );
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ code: "other-region" });
    const byChief = await postJson(
      `${activation.url}/region-requests/${request.id}/answer`,
      { decision: "will-send", message: "Vi skickar två." },
      as.chief,
    );
    expect(byChief.status).toBe(403);
    const answered = await postJson(
      `${activation.url}/region-requests/${request.id}/answer`,
      { decision: "will-send", message: "Två BUP-kuratorer är på plats 15.00." },
      as.tib,
    );
    expect(answered.status).toBe(200);
    const again = await postJson(
      `${activation.url}/region-requests/${request.id}/answer`,
      { decision: "cannot", message: "Nej." },
      as.tib,
    );
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "region-request-answered" });

    const seen = (await list(as.laholm)).find((r) => r.id === request.id);
    expect(seen).toMatchObject({
      status: "answered",
      answer: { decision: "will-send", message: "Två BUP-kuratorer är på plats 15.00." },
    });

    // Each change went out with its event, which names no text (ids and the kind only).
    const published = await waitFor(() => {
      const mine = events.filter((e) => JSON.stringify(e.data).includes(request.id));
      return mine.length === 2 && mine;
    });
    expect(published.map((e) => e.type)).toEqual(["region-request.made", "region-request.answered"]);
    expect(JSON.stringify(published)).not.toContain("BUP på skolan");
  });

  it("refuses bad input with problem+json naming the field, and a region asking itself", async () => {
    const bad = await postJson(
      `${activation.url}/region-requests`,
      { incidentId: "not-a-uuid", competence: "surgeons", quantity: 0, message: "" },
      as.laholm,
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const body = JSON.stringify(await bad.json());
    for (const field of ["incidentId", "competence", "quantity", "message"]) expect(body).toContain(field);

    const unknown = await postJson(
      `${activation.url}/region-requests`,
      {
        incidentId: "0190f5a2-0000-7000-8000-00000000ffff",
        competence: "pkl",
        quantity: 1,
        message: "PKL-personal till stödcentrum.",
      },
      as.laholm,
    );
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(await unknown.json())).toContain("incidentId");

    const badAnswer = await postJson(
      `${activation.url}/region-requests/0190f5a2-0000-7000-8000-00000000ffff/answer`,
      { decision: "maybe" },
      as.tib,
    );
    expect(badAnswer.status).toBe(400);
    expect(JSON.stringify(await badAnswer.json())).toContain("decision");
  });
});
