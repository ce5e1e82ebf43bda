import { activationService } from "@krisstod/activation";
import { CrisisManagementBriefing, Incident, ReportingStatus } from "@krisstod/contracts";
import { findDemoUser } from "@krisstod/contracts/demo";
import { reportingService } from "@krisstod/reporting";
import { createRosterService } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hallandObserver, halmstadLead, incidentBody, openAndActivate, postJson } from "./support.ts";

/** The guidelines' decision rules that take activation and reporting together. */
describe("the guidelines' decisions, across activation and reporting", () => {
  let roster: RunningService;
  let activation: RunningService;
  let reporting: RunningService;
  let lead: Record<string, string>;
  let observer: Record<string, string>;
  /** Halmstad's kommunchef: an authorised activator, as the crisis management's TiB signs in. */
  let activator: Record<string, string>;
  const hours = 3_600_000;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    lead = await ns.headers({ ...halmstadLead, userId: "kommun-1380.posom-lead" });
    observer = await ns.headers(hallandObserver);
    const chief = findDemoUser("kommun-1380.activator");
    activator = await ns.headers({
      ...halmstadLead,
      roles: ["activator"],
      userId: chief?.userId,
      name: chief?.name,
    });
    roster = await startService(createRosterService(), ns.serviceEnv({ DEMO_DATA: true }));
    activation = await startService(activationService, ns.serviceEnv());
    reporting = await startService(reportingService, ns.serviceEnv());
  });
  afterAll(async () => {
    await activation?.stop();
    await reporting?.stop();
    await roster?.stop();
  });

  const reportingStatus = async () =>
    ReportingStatus.parse(
      await (
        await fetch(`${reporting.url}/situation-reports/status?county=13`, { headers: observer })
      ).json(),
    );

  // Halland: "vid extraordinära händelser ska kommunerna lämna lägesrapporter och information om
  // händelseutvecklingen till Länsstyrelsen".
  it("an incident that becomes extraordinary after it was opened owes situation reports from that moment (Halland, Kontaktvägar)", async () => {
    // It happened five hours ago and was not extraordinary then: nothing is owed.
    const occurredAt = new Date(Date.now() - 5 * hours).toISOString();
    const opened = Incident.parse(
      await (
        await postJson(
          `${activation.url}/incidents`,
          incidentBody({ title: "Skred vid Nissan", occurredAt }),
          lead,
        )
      ).json(),
    );
    expect(opened.extraordinarySince).toBeNull();
    await waitFor(async () => {
      const picture = await (await fetch(`${reporting.url}/picture?county=13`, { headers: observer })).json();
      return (picture as { incidents: { id: string }[] }).incidents.some((i) => i.id === opened.id);
    });
    expect((await reportingStatus()).entries.filter((e) => e.incidentId === opened.id)).toEqual([]);

    const before = Date.now();
    const changed = await fetch(`${activation.url}/incidents/${opened.id}`, {
      method: "PATCH",
      headers: lead,
      body: JSON.stringify({ extraordinary: true }),
    });
    expect(changed.status).toBe(200);
    const extraordinary = Incident.parse(await changed.json());
    const since = Date.parse(extraordinary.extraordinarySince ?? "");
    expect(since).toBeGreaterThanOrEqual(before - 1000);

    // Halmstad's first report is due two hours after the change, not after the occurrence: not
    // overdue now (from the occurrence it would have been three hours late).
    const entry = await waitFor(async () =>
      (await reportingStatus()).entries.find((e) => e.incidentId === opened.id),
    );
    expect(entry).toMatchObject({ organisationId: "kommun-1380", latestVersion: null, overdue: false });
    expect(Date.parse(entry.dueAt ?? "")).toBe(since + 2 * hours);

    // Another change keeps the moment it became extraordinary.
    const retitled = await fetch(`${activation.url}/incidents/${opened.id}`, {
      method: "PATCH",
      headers: lead,
      body: JSON.stringify({ title: "Skred vid Nissan, Halmstad", extraordinary: true }),
    });
    expect(Incident.parse(await retitled.json()).extraordinarySince).toBe(extraordinary.extraordinarySince);
  });

  // Laholm 3.1: "Om flera delar av organisationen är aktiverad ska insatserna samordnas av den
  // kommunövergripande staben och POSOM är underordnad denna." Enköping: POSOM-ansvarig ska
  // "Sammanfatta och förmedla lägesbild och behov till kommunens krisledning/TiB."
  it("POSOM's lägesbild and needs go to the TiB, and to the municipality's crisis management once it is activated (Laholm 3.1, Enköping)", async () => {
    const { incident: opened, activation: group } = await openAndActivate(
      activation.url,
      { lead, activator },
      { title: "Gasläcka i centrum", extraordinary: true },
      { reason: "Många evakuerade", needed: 2 },
    );
    const reported = await fetch(`${reporting.url}/incidents/${opened.id}/situation-reports`, {
      method: "POST",
      headers: lead,
      body: JSON.stringify({
        organisationId: "kommun-1380",
        countyCode: "13",
        situation: "Ett 30-tal evakuerade i Folkets hus.",
        consequences: "",
        actionsTaken: "POSOM aktiverad.",
        supportCentres: "",
        resourcesAndNeeds: "Behöver fyra stödpersoner till kvällen.",
        submittedBy: "POSOM-samordnare",
      }),
    });
    expect(reported.status).toBe(201);
    const briefingUrl = `${reporting.url}/incidents/${opened.id}/crisis-management-briefing`;

    // POSOM may work without the crisis management; then it leads its own work, and its lägesbild
    // and needs still go to the TiB (Enköping: "till kommunens krisledning/TiB").
    const before = await waitFor(async () => {
      const response = await fetch(briefingUrl, { headers: activator });
      if (response.status !== 200) return undefined;
      const b = CrisisManagementBriefing.parse(await response.json());
      return b.activations.length > 0 && b;
    });
    expect(before).toMatchObject({ crisisManagementActivated: false, latestReport: { version: 1 } });

    const changed = await fetch(`${activation.url}/incidents/${opened.id}`, {
      method: "PATCH",
      headers: lead,
      body: JSON.stringify({ crisisManagementActivated: true }),
    });
    expect(changed.status).toBe(200);
    const briefing = await waitFor(async () => {
      const response = await fetch(briefingUrl, { headers: activator });
      if (response.status !== 200) return undefined;
      const b = CrisisManagementBriefing.parse(await response.json());
      return b.crisisManagementActivated && b.activations.length > 0 && b;
    });
    expect(briefing).toMatchObject({
      organisationId: "kommun-1380",
      latestReport: {
        version: 1,
        situation: "Ett 30-tal evakuerade i Folkets hus.",
        resourcesAndNeeds: "Behöver fyra stödpersoner till kvällen.",
      },
    });
    expect(briefing.activations.map((a) => [a.id, a.group])).toEqual([[group.id, "management"]]);
    // Counts, never who was called.
    expect(JSON.stringify(briefing)).not.toContain(findDemoUser("kommun-1380.activator")?.name ?? "?");
    // Länsstyrelsen has its own picture and reports; this goes to the municipality's own.
    expect((await fetch(briefingUrl, { headers: observer })).status).toBe(403);
  });
});
