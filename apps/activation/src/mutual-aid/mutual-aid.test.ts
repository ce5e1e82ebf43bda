import { connectNats } from "@krisstod/bus";
import { type AidOffer, type AidRequest, type EventEnvelope, subjects } from "@krisstod/contracts";
import { createLogger } from "@krisstod/logging";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { laholmIncident, postJson } from "../../test/support.ts";
import { createActivationService } from "../service.ts";

const hanna = "0190f5a2-0000-7000-8000-000000000031";
const hugo = "0190f5a2-0000-7000-8000-000000000032";

describe("mutual aid: request → offer → accept → deploy → release", () => {
  let service: RunningService;
  let incidentId: string;
  const events: EventEnvelope[] = [];
  let stopEvents: () => Promise<void>;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    const nc = await connectNats({
      servers: ns.natsUrl,
      name: "events",
      logger: createLogger("t", "silent"),
    });
    nc.subscribe(subjects.allEvents(ns.natsNamespace), {
      callback: (_e, m) => {
        events.push(m.json<EventEnvelope>());
      },
    });
    stopEvents = () => nc.drain();
    service = await startService(createActivationService(), ns.serviceEnv());
    incidentId = (
      (await (await postJson(`${service.url}/incidents`, laholmIncident)).json()) as { id: string }
    ).id;
  });
  afterAll(async () => {
    await service?.stop();
    await stopEvents?.();
  });

  const ask = (body: Record<string, unknown> = {}) =>
    postJson(`${service.url}/mutual-aid/requests`, {
      incidentId,
      organisationId: "kommun-1381",
      quantity: 2,
      competences: ["support-person-2"],
      languages: ["ar"],
      anticipatedFunction: "Krisstöd i stödcentrum",
      place: "Laholms sporthall",
      from: "2026-11-28T08:00:00Z",
      to: "2026-11-28T20:00:00Z",
      addressedTo: ["kommun-1380"],
      ...body,
    });
  const offerOn = (requestId: string, organisationId = "kommun-1380") =>
    postJson(`${service.url}/mutual-aid/requests/${requestId}/offers`, { organisationId, quantity: 2 });

  it("Laholm gets two support persons from Halmstad, and they are released again", async () => {
    const created = await ask();
    expect(created.status).toBe(201);
    const request = (await created.json()) as AidRequest;

    const inbox = (await (
      await fetch(`${service.url}/mutual-aid/requests?organisationId=kommun-1380`)
    ).json()) as AidRequest[];
    expect(inbox.map((r) => r.id)).toContain(request.id);

    expect((await offerOn(request.id, "kommun-1383")).status).toBe(403); // Varberg was not asked
    const offered = await offerOn(request.id);
    expect(offered.status).toBe(201);
    const offer = (await offered.json()) as AidOffer;

    const deployTooEarly = await postJson(`${service.url}/mutual-aid/offers/${offer.id}/deployments`, {
      organisationId: "kommun-1380",
      personIds: [hanna],
    });
    expect(deployTooEarly.status).toBe(409);
    expect(
      (
        await postJson(`${service.url}/mutual-aid/offers/${offer.id}/accept`, {
          organisationId: "kommun-1380",
        })
      ).status,
    ).toBe(403);
    const accepted = await postJson(`${service.url}/mutual-aid/offers/${offer.id}/accept`, {
      organisationId: "kommun-1381",
    });
    expect(await accepted.json()).toMatchObject({ status: "accepted" });

    const deployed = await postJson(`${service.url}/mutual-aid/offers/${offer.id}/deployments`, {
      organisationId: "kommun-1380",
      personIds: [hanna, hugo],
    });
    expect(deployed.status).toBe(201);
    expect(((await deployed.json()) as AidOffer).deployed.map((d) => d.status)).toEqual([
      "deployed",
      "deployed",
    ]);

    const released = await postJson(`${service.url}/mutual-aid/offers/${offer.id}/release`, {
      organisationId: "kommun-1381",
    });
    expect(((await released.json()) as AidOffer).deployed.map((d) => d.status)).toEqual([
      "released",
      "released",
    ]);

    await waitFor(() => events.some((e) => e.type === "mutual-aid.released"));
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "mutual-aid.requested",
        "mutual-aid.offered",
        "mutual-aid.accepted",
        "mutual-aid.deployed",
        "mutual-aid.released",
      ]),
    );
  });

  it("refuses to deploy a person who is already deployed at an overlapping time, until released", async () => {
    const deployFor = async (body: Record<string, unknown>) => {
      const request = (await (await ask(body)).json()) as AidRequest;
      const offer = (await (await offerOn(request.id)).json()) as AidOffer;
      await postJson(`${service.url}/mutual-aid/offers/${offer.id}/accept`, {
        organisationId: "kommun-1381",
      });
      return offer.id;
    };
    const first = await deployFor({});
    const overlapping = await deployFor({ from: "2026-11-28T18:00:00Z", to: "2026-11-29T02:00:00Z" });
    const later = await deployFor({ from: "2026-11-29T08:00:00Z", to: "2026-11-29T12:00:00Z" });
    const send = (offerId: string, personIds: string[]) =>
      postJson(`${service.url}/mutual-aid/offers/${offerId}/deployments`, {
        organisationId: "kommun-1380",
        personIds,
      });

    expect((await send(first, [hanna])).status).toBe(201);
    const twice = await send(overlapping, [hanna, hugo]);
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { detail: string }).detail).toContain(hanna);
    expect((await send(later, [hanna])).status).toBe(201); // no overlap
    expect((await send(first, [hugo, hanna])).status).toBe(422); // three at once, but two were offered

    await postJson(`${service.url}/mutual-aid/offers/${first}/release`, { organisationId: "kommun-1380" });
    expect((await send(overlapping, [hanna])).status).toBe(201);
  });
});
