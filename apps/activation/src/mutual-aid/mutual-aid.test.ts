import type { AidOffer, AidRequest, EventEnvelope } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, signInAndWatch, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { laholmIncident, postJson, signIn } from "../../test/support.ts";
import { createActivationService } from "../service.ts";

const hanna = "0190f5a2-0000-7000-8000-000000000031";
const hugo = "0190f5a2-0000-7000-8000-000000000032";

describe("mutual aid: request → offer → accept → deploy → release", () => {
  let service: RunningService;
  let incidentId: string;
  let events: EventEnvelope[];
  let laholm: Record<string, string>;
  let halmstad: Record<string, string>;
  let varberg: Record<string, string>;
  let observer: Record<string, string>;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    ({
      as: { laholm, halmstad, varberg, observer },
      events,
    } = await signInAndWatch(ns, {
      laholm: signIn.laholmLead,
      halmstad: signIn.halmstadLead,
      varberg: signIn.varbergLead,
      observer: signIn.hallandObserver,
    }));
    service = await startService(createActivationService(), ns.serviceEnv());
    incidentId = (
      (await (await postJson(`${service.url}/incidents`, laholmIncident, laholm)).json()) as { id: string }
    ).id;
  });
  afterAll(async () => {
    await service?.stop();
  });

  /** Laholm asks (the organisation comes from the sign-in). */
  const ask = (body: Record<string, unknown> = {}) =>
    postJson(
      `${service.url}/mutual-aid/requests`,
      {
        incidentId,
        quantity: 2,
        competences: ["support-person-2"],
        languages: ["ar"],
        anticipatedFunction: "Krisstöd i stödcentrum",
        place: "Laholms sporthall",
        from: "2026-11-28T08:00:00Z",
        to: "2026-11-28T20:00:00Z",
        addressedTo: ["kommun-1380"],
        ...body,
      },
      laholm,
    );
  const offerOn = (requestId: string, as = halmstad) =>
    postJson(`${service.url}/mutual-aid/requests/${requestId}/offers`, { quantity: 2 }, as);
  const accept = (offerId: string, as = laholm) =>
    postJson(`${service.url}/mutual-aid/offers/${offerId}/accept`, {}, as);
  const send = (offerId: string, personIds: string[], as = halmstad) =>
    postJson(`${service.url}/mutual-aid/offers/${offerId}/deployments`, { personIds }, as);
  const release = (offerId: string, as: Record<string, string>) =>
    postJson(`${service.url}/mutual-aid/offers/${offerId}/release`, {}, as);
  const list = async (as: Record<string, string>) =>
    (await (await fetch(`${service.url}/mutual-aid/requests`, { headers: as })).json()) as AidRequest[];

  it("Laholm gets two support persons from Halmstad, and they are released again", async () => {
    const created = await ask();
    expect(created.status).toBe(201);
    const request = (await created.json()) as AidRequest;

    expect(request.organisationId).toBe("kommun-1381");

    expect((await list(halmstad)).map((r) => r.id)).toContain(request.id);
    // Varberg was not asked: it neither sees nor answers the request; the county observer sees it.
    expect((await list(varberg)).map((r) => r.id)).not.toContain(request.id);
    const readAs = (as: Record<string, string>) =>
      fetch(`${service.url}/mutual-aid/requests/${request.id}`, { headers: as });
    expect((await readAs(varberg)).status).toBe(403);
    expect((await readAs(halmstad)).status).toBe(200);
    expect((await list(observer)).map((r) => r.id)).toContain(request.id);
    expect((await offerOn(request.id, varberg)).status).toBe(403);
    // Naming another organisation than one's own in the body is refused.
    const onBehalf = await postJson(
      `${service.url}/mutual-aid/requests/${request.id}/offers`,
      { organisationId: "kommun-1380", quantity: 2 },
      varberg,
    );
    expect(onBehalf.status).toBe(403);
    const offered = await offerOn(request.id);
    expect(offered.status).toBe(201);
    const offer = (await offered.json()) as AidOffer;
    expect(offer.organisationId).toBe("kommun-1380");

    expect((await send(offer.id, [hanna])).status).toBe(409);
    expect((await accept(offer.id, halmstad)).status).toBe(403);
    const accepted = await accept(offer.id);
    expect(await accepted.json()).toMatchObject({ status: "accepted" });

    expect((await send(offer.id, [hanna], laholm)).status).toBe(403); // only the offering organisation
    const deployed = await send(offer.id, [hanna, hugo]);
    expect(deployed.status).toBe(201);
    expect(((await deployed.json()) as AidOffer).deployed.map((d) => d.status)).toEqual([
      "deployed",
      "deployed",
    ]);

    expect((await release(offer.id, varberg)).status).toBe(403);
    const released = await release(offer.id, laholm);
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
      await accept(offer.id);
      return offer.id;
    };
    const first = await deployFor({});
    const overlapping = await deployFor({ from: "2026-11-28T18:00:00Z", to: "2026-11-29T02:00:00Z" });
    const later = await deployFor({ from: "2026-11-29T08:00:00Z", to: "2026-11-29T12:00:00Z" });
    expect((await send(first, [hanna])).status).toBe(201);
    const twice = await send(overlapping, [hanna, hugo]);
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { detail: string }).detail).toContain(hanna);
    expect((await send(later, [hanna])).status).toBe(201); // no overlap
    expect((await send(first, [hugo, hanna])).status).toBe(422); // three at once, but two were offered

    await release(first, halmstad);
    expect((await send(overlapping, [hanna])).status).toBe(201);
  });
});
