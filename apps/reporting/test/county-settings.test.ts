import { ReportingStatus } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingService } from "../src/index.ts";
import { type EventPublisher, eventPublisher, getJson, incident, openIncident, send } from "./support.ts";

// Halland: "vid extraordinära händelser ska kommunerna lämna lägesrapporter" — the guideline says
// nothing of when the first is due, so that is the county's setting (two hours unless it says).

describe("the first situation report's deadline is the county's setting", () => {
  let ns: TestNamespace;
  let service: RunningService;
  let publisher: EventPublisher;
  let boardAdmin: Record<string, string>;
  let observer: Record<string, string>;
  let municipalityAdmin: Record<string, string>;

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
    publisher = await eventPublisher(ns.natsUrl, ns.natsNamespace);
    const as = (organisationId: string, roles: ("org-admin" | "county-observer")[]) =>
      ns.headers({ organisationId, countyCode: "13", roles, userId: `${organisationId}-${roles[0]}` });
    boardAdmin = await as("lansstyrelsen-13", ["org-admin"]);
    observer = await as("lansstyrelsen-13", ["county-observer"]);
    municipalityAdmin = await as("kommun-1380", ["org-admin"]);
  });
  afterAll(async () => {
    await publisher?.close();
    await service?.stop();
  });

  const settingsUrl = () => `${service.url}/county-settings/13`;
  const status = async () =>
    ReportingStatus.parse(await getJson(`${service.url}/situation-reports/status?county=13`, observer));

  it("makes the municipalities overdue, or not, by the county's deadline", async () => {
    // The incident occurred 3 hours ago; nobody has reported.
    const event = incident();
    await openIncident(publisher, service.url, event, observer);
    const occurred = Date.parse(event.occurredAt);

    const before = (await status()).entries.filter((e) => e.incidentId === event.id);
    expect(before.map((e) => [e.organisationId, e.overdue])).toEqual([
      ["kommun-1380", true],
      ["kommun-1381", true],
    ]);
    expect(Date.parse(before[0]?.dueAt ?? "")).toBe(occurred + 120 * 60_000);

    const refused = await send("PUT", settingsUrl(), municipalityAdmin, {
      firstSituationReportWithinMinutes: 300,
    });
    expect(refused.status).toBe(403);
    const invalid = await send("PUT", settingsUrl(), boardAdmin, { firstSituationReportWithinMinutes: 0 });
    expect(invalid.status).toBe(400);
    const problem = (await invalid.json()) as { errors: { field: string }[] };
    expect(problem.errors[0]?.field).toBe("firstSituationReportWithinMinutes");

    const changed = await send("PUT", settingsUrl(), boardAdmin, { firstSituationReportWithinMinutes: 300 });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { settings: unknown }).settings).toEqual([
      { key: "firstSituationReportWithinMinutes", value: 300, default: 120, source: "local" },
    ]);
    const after = (await status()).entries.filter((e) => e.incidentId === event.id);
    expect(after.map((e) => [e.organisationId, e.overdue])).toEqual([
      ["kommun-1380", false],
      ["kommun-1381", false],
    ]);
    expect(Date.parse(after[0]?.dueAt ?? "")).toBe(occurred + 300 * 60_000);
  });
});
