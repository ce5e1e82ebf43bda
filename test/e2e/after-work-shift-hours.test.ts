import { activationService } from "@krisstod/activation";
import { ActivationSummary } from "@krisstod/contracts";
import { findDemoUser } from "@krisstod/contracts/demo";
import { reportingService } from "@krisstod/reporting";
import { createRosterService } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import { supportCentresService } from "@krisstod/support-centres";
import { createTestNamespace, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { halmstadLead, openAndActivate, openHalmstadCentre, postJson } from "./support.ts";

/** The after-work's hours, from the support centres' shifts to the activation's summary. */
describe("after-work hours from the centres' shifts", () => {
  const services: RunningService[] = [];
  let activation: RunningService;
  let centres: RunningService;
  let reporting: RunningService;
  let lead: Record<string, string>;
  let staff: Record<string, string>;
  let activator: Record<string, string>;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    lead = await ns.headers({ ...halmstadLead, userId: "kommun-1380.posom-lead" });
    staff = await ns.headers({ ...halmstadLead, roles: ["centre-staff"] });
    const chief = findDemoUser("kommun-1380.activator");
    activator = await ns.headers({
      ...halmstadLead,
      roles: ["activator"],
      userId: chief?.userId,
      name: chief?.name,
    });
    services.push(await startService(createRosterService(), ns.serviceEnv({ DEMO_DATA: true })));
    activation = await startService(activationService, ns.serviceEnv());
    centres = await startService(supportCentresService, ns.serviceEnv());
    reporting = await startService(reportingService, ns.serviceEnv());
    services.push(activation, centres, reporting);
  });
  afterAll(async () => {
    for (const service of services.reverse()) await service.stop();
  });

  // Laholm 3.5: "Vid akuta insatser då POSOM aktivera utan för ordinarie arbetstid står
  // kommunstyrelsen för lönekostnader och ersättning."
  it("hours outside ordinary working time that centre shifts computed flow into the activation's summary, not typed again (Laholm 3.5)", async () => {
    const { incident, activation: group } = await openAndActivate(
      activation.url,
      { lead, activator },
      { title: "Brand i Andersberg" },
      { reason: "Många evakuerade", needed: 1 },
    );

    // A centre about a kilometre from the scene.
    const centreId = await openHalmstadCentre(centres.url, incident.id, lead);
    // A Tuesday 16–22 Swedish time: one hour inside ordinary hours (to 17), five outside.
    const shift = await postJson(
      `${centres.url}/centres/${centreId}/shifts`,
      {
        personId: "person-sara",
        personName: "Sara Stödperson",
        homeOrganisationId: "kommun-1380",
        plannedStart: "2026-01-13T15:00:00Z",
        plannedEnd: "2026-01-13T21:00:00Z",
      },
      lead,
    );
    expect(shift.status).toBe(201);
    const shiftId = ((await shift.json()) as { id: string }).id;
    const base = `${centres.url}/centres/${centreId}/shifts/${shiftId}`;
    expect((await postJson(`${base}/check-in`, { at: "2026-01-13T15:00:00Z" }, staff)).status).toBe(200);
    const out = await postJson(`${base}/check-out`, { at: "2026-01-13T21:00:00Z" }, staff);
    expect(await out.json()).toMatchObject({ minutesWorked: 360, minutesOutsideOrdinaryHours: 300 });

    const summary = await waitFor(async () => {
      const response = await fetch(`${reporting.url}/activations/${group.id}/summary`, { headers: lead });
      if (!response.ok) return false;
      const value = ActivationSummary.parse(await response.json());
      return value.centreShifts?.shifts === 1 && value;
    });
    expect(summary).toMatchObject({
      hours: 6,
      hoursOutsideWorkingTime: 5,
      centreShifts: { shifts: 1, hours: 6, hoursOutsideWorkingTime: 5 },
    });
  });
});
