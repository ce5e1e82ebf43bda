import type { Principal } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { type Client, client, createTestNamespace, waitFor } from "@krisstod/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentLocations } from "../src/db/schema.ts";
import { purgeExpiredPersonalData } from "../src/retention/retention.ts";
import { createSupportCentresService } from "../src/service.ts";
import { centreBody, people, publishIncidentOpened } from "./helpers.ts";

// The guideline gives no number for how far from the scene a centre must be ("i närområdet, dock
// inte i direkt anslutning till exempelvis en olycksplats", Halland) nor for how long visitors'
// data is kept: both are the county's settings, with defaults, set by Länsstyrelsen's admin.

const admin = (organisationId: string, countyCode = "13"): Principal => ({
  userId: `${organisationId}:org-admin`,
  name: `Admin ${organisationId}`,
  organisationId,
  countyCode,
  roles: ["org-admin"],
});
const hallandBoardAdmin = admin("lansstyrelsen-13");
const skaneBoardAdmin = admin("lansstyrelsen-12", "12");
const halmstadAdmin = admin("kommun-1380");
const { halmstadPosomLead, halmstadStaff, countyObserver } = people;

describe("support centres' county settings", () => {
  let service: RunningService;
  let api: Client;
  let incidentId: string;
  // Halmstad: the scene; the place in centreBody is ~1 km away.
  const scene = { lat: 56.6745, lon: 12.8578 + 0.016 };

  beforeAll(async () => {
    const ns = await createTestNamespace();
    service = await startService(createSupportCentresService(), ns.serviceEnv());
    api = client(service, ns.issuer);
    incidentId = await publishIncidentOpened(service, scene);
    const { db } = service.context.database;
    await waitFor(
      async () =>
        (await db.select().from(incidentLocations).where(eq(incidentLocations.incidentId, incidentId)))[0],
      { message: "incident location learnt from incident.opened" },
    );
  });
  afterAll(() => service?.stop());

  it("shows each setting with its value and default, marked as local, not from the guideline", async () => {
    const read = await api.as(countyObserver).get("/county-settings/13");
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ service: "support-centres", countyCode: "13", updatedAt: null });
    expect(read.json.settings).toEqual([
      { key: "centreMinDistanceFromIncidentM", value: 300, default: 300, source: "local" },
      { key: "visitorDataRetentionDays", value: 90, default: 90, source: "local" },
    ]);
    expect((await api.as(skaneBoardAdmin).get("/county-settings/13")).json.code).toBe("other-county");
  });

  it("lets only the county board's admin change them", async () => {
    const body = { centreMinDistanceFromIncidentM: 500 };
    const byMunicipality = await api.as(halmstadAdmin).put("/county-settings/13", body);
    expect(byMunicipality.status).toBe(403);
    expect(byMunicipality.json.code).toBe("county-board-only");
    expect((await api.as(halmstadPosomLead).put("/county-settings/13", body)).status).toBe(403);
    expect((await api.as(countyObserver).put("/county-settings/13", body)).status).toBe(403);
    const otherCounty = await api.as(skaneBoardAdmin).put("/county-settings/13", body);
    expect(otherCounty.status).toBe(403);
    expect(otherCounty.json.code).toBe("other-county");
  });

  it("refuses a bad value with problem+json naming the setting", async () => {
    for (const [body, field] of [
      [{ centreMinDistanceFromIncidentM: -5 }, "centreMinDistanceFromIncidentM"],
      [{ centreMinDistanceFromIncidentM: "far" }, "centreMinDistanceFromIncidentM"],
      [{ visitorDataRetentionDays: 2.5 }, "visitorDataRetentionDays"],
      [{ visitorDataRetentionDays: 99_999 }, "visitorDataRetentionDays"],
      [{ distance: 300 }, "distance"],
      [{}, "body"],
    ] as const) {
      const refused = await api.as(hallandBoardAdmin).put("/county-settings/13", body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(refused.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await api.as(hallandBoardAdmin).put("/county-settings/1", {})).status).toBe(400);
  });

  it("refuses a centre within the county's distance once it is raised, and audits the change", async () => {
    // ~1 km away: fine with the default 300 m.
    expect((await api.as(halmstadPosomLead).post("/centres", centreBody(incidentId))).status).toBe(201);
    const changed = await api.as(hallandBoardAdmin).put("/county-settings/13", {
      centreMinDistanceFromIncidentM: 2000,
    });
    expect(changed.status).toBe(200);
    expect(changed.json.settings[0]).toEqual({
      key: "centreMinDistanceFromIncidentM",
      value: 2000,
      default: 300,
      source: "local",
    });
    expect(changed.json.updatedBy).toBe("Admin lansstyrelsen-13");
    const refused = await api.as(halmstadPosomLead).post("/centres", centreBody(incidentId));
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toContainEqual({
      field: "location",
      message: "closer than 2000 m to the incident",
    });
    // Another county keeps the default.
    expect((await api.as(skaneBoardAdmin).get("/county-settings/12")).json.settings[0].value).toBe(300);
    // Who changed what, from what to what, in Länsstyrelsen's trail.
    const trail = await api.as(hallandBoardAdmin).get("/audit");
    expect(trail.json).toContainEqual(
      expect.objectContaining({
        action: "write",
        subjectKind: "county-setting",
        subjectId: "13:centreMinDistanceFromIncidentM",
        reason: "centreMinDistanceFromIncidentM: 300 → 2000",
      }),
    );
    await api.as(hallandBoardAdmin).put("/county-settings/13", { centreMinDistanceFromIncidentM: 300 });
  });

  it("deletes visitors' personal data after the county's retention time", async () => {
    const created = await api.as(halmstadPosomLead).post("/centres", centreBody(incidentId));
    const centre = created.json.id as string;
    await api.as(halmstadPosomLead).post(`/centres/${centre}/open`);
    const visitor = await api.as(halmstadStaff).post(`/centres/${centre}/visitors`, {
      registration: { name: "Sara Retention", dateOfBirth: "1990-05-01", relation: "affected" },
    });
    expect(visitor.status).toBe(201);
    await api.as(halmstadStaff).post(`/centres/${centre}/visitors/${visitor.json.id}/departure`);
    expect((await api.as(halmstadPosomLead).post(`/centres/${centre}/close`)).json.status).toBe("closed");
    const { db } = service.context.database;
    const elevenDaysOn = new Date(Date.now() + 11 * 24 * 60 * 60 * 1000);
    // The default 90 days have not passed …
    expect(await purgeExpiredPersonalData(db, elevenDaysOn, 90)).toBe(0);
    // … the county's 10 have.
    const changed = await api
      .as(hallandBoardAdmin)
      .put("/county-settings/13", { visitorDataRetentionDays: 10 });
    expect(changed.status).toBe(200);
    expect(await purgeExpiredPersonalData(db, elevenDaysOn, 90)).toBe(1);
    const read = await api.as(halmstadStaff).get(`/centres/${centre}/visitors/${visitor.json.id}`);
    expect(read.json.registration).toBeNull();
  });
});
