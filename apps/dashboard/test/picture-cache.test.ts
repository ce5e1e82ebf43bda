import type { PictureIncident, FullRegionalPicture as RegionalPicture } from "@krisstod/contracts";
import { describe, expect, it } from "vitest";
import { activeIncidents, applyChange } from "../src/picture/pictureCache.ts";

const incident = (id: string, overrides: Partial<PictureIncident> = {}): PictureIncident => ({
  id,
  organisationId: "kommun-1380",
  countyCode: "13",
  kind: "fire",
  title: `Händelse ${id.slice(-1)}`,
  location: { lat: 56.67, lon: 12.86 },
  occurredAt: "2026-11-28T10:00:00.000Z",
  affectedMunicipalities: ["1380"],
  extraordinary: false,
  status: "open",
  ...overrides,
});

const a = incident("018f0000-0000-7000-8000-00000000000a");
const b = incident("018f0000-0000-7000-8000-00000000000b", { occurredAt: "2026-11-28T11:00:00.000Z" });
const picture: RegionalPicture = { countyCode: "13", lastEventId: 4, incidents: [a] };

describe("patching the cached picture with a change from the feed", () => {
  it("adds a new incident and moves the picture to the change's position", () => {
    const next = applyChange(picture, 5, { kind: "incident.upserted", incident: b });
    expect(next.lastEventId).toBe(5);
    expect(next.incidents.map((i) => i.id)).toEqual([a.id, b.id]);
  });

  it("replaces a known incident in place", () => {
    const renamed = { ...a, title: "Nytt namn" };
    const next = applyChange(picture, 5, { kind: "incident.upserted", incident: renamed });
    expect(next.incidents).toEqual([renamed]);
  });

  it("skips a change the picture already holds, as replayed after a reconnect", () => {
    const renamed = { ...a, title: "Gammalt namn" };
    expect(applyChange(picture, 4, { kind: "incident.upserted", incident: renamed })).toBe(picture);
    expect(applyChange(picture, 3, { kind: "incident.upserted", incident: b })).toBe(picture);
  });

  it("lists open incidents only, the most recent first", () => {
    const closed = incident("018f0000-0000-7000-8000-00000000000c", { status: "closed" });
    const shown = activeIncidents({ ...picture, incidents: [a, closed, b] });
    expect(shown.map((i) => i.id)).toEqual([b.id, a.id]);
  });
});
