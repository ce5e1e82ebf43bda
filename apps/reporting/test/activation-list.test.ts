import { AfterActionActivation, Problem } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, waitFor } from "@krisstod/testing";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingService } from "../src/index.ts";
import {
  type Actors,
  activationDecided,
  actors,
  type EventPublisher,
  eventPublisher,
  incident,
  openIncident,
  send,
} from "./support.ts";

// GET /activations?organisationId=: the after-work's list of an organisation's activations,
// closed ones included (the picture drops closed activations, but their after-work goes on).
describe("the organisation's activations for the after-work", () => {
  let service: RunningService;
  let as: Actors;
  let publisher: EventPublisher;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
    as = await actors(ns);
    publisher = await eventPublisher(ns.natsUrl, ns.natsNamespace);
  });
  afterAll(async () => {
    await publisher?.close();
    await service?.stop();
  });

  const list = async (organisationId: string, headers: Record<string, string>) => {
    const response = await fetch(`${service.url}/activations?organisationId=${organisationId}`, { headers });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it("lists root activations newest first with the incident's title, closed ones too", async () => {
    const fire = await openIncident(
      publisher,
      service.url,
      incident({ title: "Brand i Oskarström" }),
      as.halmstad,
    );
    const management = uuidv7();
    const support = uuidv7();
    await activationDecided(publisher, {
      activationId: management,
      incidentId: fire.id,
      organisationId: "kommun-1380",
      group: "management",
    });
    await activationDecided(publisher, {
      activationId: support,
      incidentId: fire.id,
      organisationId: "kommun-1380",
      group: "support-persons",
      parentActivationId: management,
    });
    // Recorded by hand afterwards, already ended, without an incident.
    const byHand = uuidv7();
    const recorded = await send("PUT", `${service.url}/activations/${byHand}`, as.halmstad, {
      organisationId: "kommun-1380",
      countyCode: "13",
      kind: "posom",
      activatedAt: new Date(Date.now() - 86_400_000).toISOString(),
      endedAt: new Date(Date.now() - 80_000_000).toISOString(),
    });
    expect(recorded.status).toBe(200);

    const found = await waitFor(
      async () => {
        const { status, body } = await list("kommun-1380", as.halmstad);
        expect(status).toBe(200);
        const rows = AfterActionActivation.array().parse(body);
        return rows.some((r) => r.activationId === management) ? rows : undefined;
      },
      { timeoutMs: 5_000, message: "the decision did not reach the after-action records" },
    );
    // The support-person activation counts under its ledningsgrupp activation: not listed apart.
    expect(found.map((r) => r.activationId)).toEqual([management, byHand]);
    expect(found[0]).toMatchObject({
      incidentId: fire.id,
      incidentTitle: "Brand i Oskarström",
      kind: "posom",
      group: "management",
      endedAt: null,
      exercise: false,
    });
    expect(found[1]).toMatchObject({ incidentId: null, incidentTitle: null, group: null });
    expect(found[1]?.endedAt).not.toBeNull();
  });

  it("shows an organisation only its own list", async () => {
    const other = await list("kommun-1380", as.varberg);
    expect(other.status).toBe(403);
    // Länsstyrelsen sees counts and the picture, not the municipalities' after-action records.
    expect((await list("kommun-1380", as.observer)).status).toBe(403);
    expect((await list("kommun-1383", as.varberg)).body).toEqual([]);
  });

  it("names the missing or malformed organisation", async () => {
    const response = await fetch(`${service.url}/activations`, { headers: as.halmstad });
    expect(response.status).toBe(400);
    const problem = Problem.parse(await response.json());
    expect(problem.errors?.map((e) => e.field)).toContain("organisationId");
  });
});
