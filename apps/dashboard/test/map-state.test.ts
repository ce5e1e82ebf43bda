import type { FullRegionalPicture, PictureActivation, PictureMutualAid } from "@krisstod/contracts";
import { describe, expect, it } from "vitest";
import { aidFlows, municipalityStates } from "../src/map/mapState.ts";
import { applyChange } from "../src/picture/pictureCache.ts";

const counts = {
  listed: 5,
  called: 2,
  awaiting: 0,
  accepted: 2,
  declined: 0,
  silent: 0,
  queued: 3,
  relieved: 0,
};
const activation = (overrides: Partial<PictureActivation>): PictureActivation => ({
  id: "018f0000-0000-7000-8000-0000000000a1",
  incidentId: "018f0000-0000-7000-8000-0000000000b1",
  organisationId: "kommun-1381",
  countyCode: "13",
  group: "management",
  status: "staffed",
  decidedAt: "2026-11-28T10:00:00.000Z",
  needed: 2,
  counts,
  parentActivationId: null,
  fallbackForActivationId: null,
  fallbackOffered: [],
  ...overrides,
});
const aid = (offers: PictureMutualAid["offers"]): PictureMutualAid => ({
  requestId: "018f0000-0000-7000-8000-0000000000c1",
  incidentId: "018f0000-0000-7000-8000-0000000000b1",
  requestingOrganisationId: "kommun-1381",
  countyCode: "13",
  counties: ["13"],
  quantity: 2,
  competences: [],
  languages: [],
  from: "2026-11-28T10:00:00.000Z",
  to: "2026-11-28T22:00:00.000Z",
  addressedTo: ["kommun-1380"],
  offers,
});
const offer = (overrides: Partial<PictureMutualAid["offers"][number]>) => ({
  offerId: "018f0000-0000-7000-8000-0000000000d1",
  organisationId: "kommun-1380",
  quantity: 2,
  accepted: false,
  deployed: 0,
  released: 0,
  ...overrides,
});
const picture = (sections: Partial<FullRegionalPicture>): FullRegionalPicture => ({
  countyCode: "13",
  lastEventId: 1,
  incidents: [],
  ...sections,
});

describe("a municipality's state on the map", () => {
  it("is ledningsgrupp active while its management group's activation is not closed", () => {
    expect(municipalityStates(picture({ activations: [activation({})] })).get("1381")).toBe("management");
    expect(municipalityStates(picture({ activations: [activation({ status: "closed" })] })).get("1381")).toBe(
      undefined,
    );
  });

  it("is support persons deployed once support persons accepted, or aid people arrived, whatever else", () => {
    const both = [
      activation({}),
      activation({ id: "018f0000-0000-7000-8000-0000000000a2", group: "support-persons" }),
    ];
    expect(municipalityStates(picture({ activations: both })).get("1381")).toBe("deployed");
    expect(
      municipalityStates(picture({ mutualAid: [aid([offer({ accepted: true, deployed: 2 })])] })).get("1381"),
    ).toBe("deployed");
  });
});

describe("mutual aid as arrows", () => {
  it("goes from the offering to the asking organisation with the people offered, accepted or deployed", () => {
    expect(aidFlows([aid([offer({})])])).toEqual([
      expect.objectContaining({ from: "kommun-1380", to: "kommun-1381", people: 2, stage: "offered" }),
    ]);
    expect(aidFlows([aid([offer({ accepted: true, deployed: 1 })])])[0]).toMatchObject({
      people: 1,
      stage: "deployed",
    });
  });

  it("drops an offer whose people have all gone home", () => {
    expect(aidFlows([aid([offer({ accepted: true, deployed: 0, released: 2 })])])).toEqual([]);
  });

  it("comes from the feed: a mutual-aid change patches the cached picture in place", () => {
    const before = picture({ mutualAid: [aid([offer({})])] });
    const after = applyChange(before, 2, {
      kind: "mutual-aid.upserted",
      mutualAid: aid([offer({ accepted: true })]),
    });
    expect(after.mutualAid).toHaveLength(1);
    expect(after.mutualAid?.[0]?.offers[0]?.accepted).toBe(true);
    const withActivation = applyChange(after, 3, { kind: "activation.upserted", activation: activation({}) });
    expect(withActivation.activations?.map((a) => a.id)).toEqual([activation({}).id]);
  });
});
