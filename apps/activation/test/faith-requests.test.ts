import { FaithRequest, Problem } from "@krisstod/contracts";
import type { RunningService } from "@krisstod/runtime";
import { halland, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { laholmIncident, postJson, startActivationWithRoster } from "./support.ts";

/**
 * Halland "Kontaktvägar" and "Samverkan med trossamfund": "Kontakter med trossamfund kan fås via
 * Länsstyrelsens TiB … Syftet med kontaktlistan är att så snabbt som möjligt kunna ta en första
 * kontakt och/eller sammankalla flera berörda trossamfund till en regional samverkanskonferens. Vid
 * behov av samverkan kan kommunerna och Region Halland kontakta Länsstyrelsens TiB."
 */
describe("faith communities are reached through Länsstyrelsen's TiB", () => {
  const stops: (() => Promise<void>)[] = [];
  let activation: RunningService;
  let as: Record<
    "laholm" | "pkl" | "countyTib" | "halmstad" | "otherCountyTib" | "chief" | "support",
    Record<string, string>
  >;
  let events: { type: string; data: unknown }[];

  beforeAll(async () => {
    const running = await startActivationWithRoster(
      {},
      {
        laholm: halland.laholmLead,
        pkl: {
          userId: "region-13.pkl-lead",
          organisationId: "region-13",
          countyCode: "13",
          roles: ["pkl-lead"],
        },
        countyTib: halland.countyObserver,
        halmstad: halland.halmstadLead,
        otherCountyTib: {
          userId: "lansstyrelsen-12.county-observer",
          organisationId: "lansstyrelsen-12",
          countyCode: "12",
          roles: ["county-observer"],
        },
        chief: halland.laholmChief,
        support: halland.laholmSupport,
      },
    );
    stops.push(running.stop);
    ({ service: activation, as, events } = running);
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const list = async (headers: Record<string, string>) => {
    const response = await fetch(`${activation.url}/faith-requests`, { headers });
    expect(response.status).toBe(200);
    return FaithRequest.array().parse(await response.json());
  };
  const answer = (id: string, body: unknown, headers: Record<string, string>) =>
    postJson(`${activation.url}/faith-requests/${id}/answer`, body, headers);
  const openIncident = async () => {
    const incident = await postJson(`${activation.url}/incidents`, laholmIncident, as.laholm);
    expect(incident.status).toBe(201);
    return ((await incident.json()) as { id: string }).id;
  };

  it("a municipality asks Länsstyrelsen's TiB to convene the faith communities; the TiB sees it and answers; the municipality sees the answer", async () => {
    const incidentId = await openIncident();
    const need = "Flera drabbade familjer är muslimer och ortodoxa kristna och önskar stöd av sina samfund.";
    const made = await postJson(
      `${activation.url}/faith-requests`,
      { incidentId, need, convene: true },
      as.laholm,
    );
    expect(made.status, await made.clone().text()).toBe(201);
    const request = FaithRequest.parse(await made.json());
    expect(request).toMatchObject({
      organisationId: "kommun-1381",
      countyBoardId: "lansstyrelsen-13",
      convene: true,
      status: "open",
      answer: null,
    });

    // Länsstyrelsen Halland's TiB sees it; another municipality and another county board do not.
    expect((await list(as.countyTib)).map((r) => r.id)).toContain(request.id);
    expect((await list(as.halmstad)).map((r) => r.id)).not.toContain(request.id);
    expect((await list(as.otherCountyTib)).map((r) => r.id)).not.toContain(request.id);

    // Only that county board's TiB answers, and once.
    const reply = {
      decision: "conference-called",
      message:
        "Samverkanskonferens kl. 16 i Länsstyrelsens lokaler, Halmstads moské och Serbisk ortodoxa kyrkan kommer.",
    };
    const foreign = await answer(request.id, reply, as.otherCountyTib);
    expect(foreign.status).toBe(403);
    expect(Problem.parse(await foreign.json()).code).toBe("other-county");
    expect((await answer(request.id, reply, as.laholm)).status).toBe(403);
    const answered = await answer(request.id, reply, as.countyTib);
    expect(answered.status, await answered.clone().text()).toBe(200);
    const again = await answer(request.id, { decision: "cannot", message: "Nej." }, as.countyTib);
    expect(again.status).toBe(409);
    expect(Problem.parse(await again.json()).code).toBe("faith-request-answered");

    expect((await list(as.laholm)).find((r) => r.id === request.id)).toMatchObject({
      status: "answered",
      answer: { decision: "conference-called", message: reply.message },
    });

    // Each change went out with its event, which holds no text (ids and the decision only).
    const published = await waitFor(() => {
      const mine = events.filter((e) => JSON.stringify(e.data).includes(request.id));
      return mine.length === 2 && mine;
    });
    expect(published.map((e) => e.type)).toEqual(["faith-request.made", "faith-request.answered"]);
    expect(JSON.stringify(published)).not.toMatch(/muslimer|moské/);
  });

  it("the region's PKL asks too; a support person, an activator or the county board cannot ask; bad input names the field", async () => {
    const incidentId = await openIncident();
    const byRegion = await postJson(
      `${activation.url}/faith-requests`,
      { incidentId, need: "Sjukhuskyrkan behövs vid Hallands sjukhus Halmstad i kväll." },
      as.pkl,
    );
    expect(byRegion.status, await byRegion.clone().text()).toBe(201);
    expect(FaithRequest.parse(await byRegion.json())).toMatchObject({
      organisationId: "region-13",
      countyBoardId: "lansstyrelsen-13",
      convene: false,
    });

    const body = { incidentId, need: "Stöd av Svenska kyrkan." };
    expect((await postJson(`${activation.url}/faith-requests`, body, as.support)).status).toBe(403);
    expect((await postJson(`${activation.url}/faith-requests`, body, as.chief)).status).toBe(403);
    expect((await postJson(`${activation.url}/faith-requests`, body, as.countyTib)).status).toBe(403);

    const bad = await postJson(
      `${activation.url}/faith-requests`,
      { incidentId: "not-a-uuid", need: " ", convene: "ja" },
      as.laholm,
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(
      Problem.parse(await bad.json())
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(["convene", "incidentId", "need"]);
    const unknown = await postJson(
      `${activation.url}/faith-requests`,
      { incidentId: "0190f5a2-0000-7000-8000-00000000ffff", need: "Stöd av Svenska kyrkan." },
      as.laholm,
    );
    expect(unknown.status).toBe(422);
    const badAnswer = await answer(
      FaithRequest.parse((await list(as.countyTib))[0]).id,
      { decision: "maybe", message: "" },
      as.countyTib,
    );
    expect(badAnswer.status).toBe(400);
    expect(
      Problem.parse(await badAnswer.json())
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(["decision", "message"]);
  });
});
