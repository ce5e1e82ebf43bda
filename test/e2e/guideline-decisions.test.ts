import { activationService } from "@krisstod/activation";
import { Incident, ReportingStatus } from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hallandObserver, halmstadLead, incidentBody, postJson } from "./support.ts";

/** The guidelines' decision rules that take activation and reporting together. */
describe("the guidelines' decisions, across activation and reporting", () => {
  let activation: RunningService;
  let reporting: RunningService;
  let lead: Record<string, string>;
  let observer: Record<string, string>;
  const hours = 3_600_000;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    lead = await ns.headers(halmstadLead);
    observer = await ns.headers(hallandObserver);
    activation = await startService(activationService, ns.serviceEnv());
    reporting = await startService(reportingService, ns.serviceEnv());
  });
  afterAll(async () => {
    await activation?.stop();
    await reporting?.stop();
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
});
