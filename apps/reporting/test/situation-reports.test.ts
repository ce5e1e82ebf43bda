import { CountySituationSummary, ReportingStatus, SituationReport } from "@krisstod/contracts";
import type { RunningService } from "@krisstod/runtime";
import type { TestNamespace } from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actors,
  type EventPublisher,
  getJson,
  incident,
  openIncident,
  type Reporting,
  send,
  startReporting,
} from "./support.ts";

const report = (organisationId: string, situation: string, nextReportDue: string | null) => ({
  organisationId,
  countyCode: "13",
  situation,
  consequences: "Ett 40-tal resenärer berörda.",
  actionsTaken: "POSOM aktiverad; stödcentrum öppnat.",
  supportCentres: "Stödcentrum i Halmstad Arena.",
  resourcesAndNeeds: "Behöver 4 stödpersoner från grannkommun.",
  nextReportDue,
  submittedBy: "Anna Lind, POSOM-samordnare",
});

describe("situation reports to Länsstyrelsen", () => {
  let ns: TestNamespace;
  let service: RunningService;
  let publisher: EventPublisher;
  let as: Actors;
  const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

  let reporting: Reporting;
  beforeAll(async () => {
    reporting = await startReporting();
    ({ ns, service, publisher, as } = reporting);
  });
  afterAll(() => reporting?.stop());

  it("keeps every version, flags who is overdue and compiles the county summary from the latest", async () => {
    const event = await openIncident(publisher, service.url, incident(), as.observer);
    const url = `${service.url}/incidents/${event.id}/situation-reports`;

    const first = await send(
      "POST",
      url,
      as.halmstad,
      report("kommun-1380", "Brand släckt, många evakuerade.", inAnHour()),
    );
    expect(first.status).toBe(201);
    const second = await send(
      "POST",
      url,
      as.halmstad,
      report("kommun-1380", "Evakuerade åter hemma.", inAnHour()),
    );
    expect(SituationReport.parse(await second.json()).version).toBe(2);
    // The region's next report was due a minute ago: overdue.
    const regionDue = new Date(Date.now() - 60_000).toISOString();
    expect(
      (await send("POST", url, as.regionPkl, report("region-13", "PKL i beredskap.", regionDue))).status,
    ).toBe(201);

    const versions = SituationReport.array().parse(await getJson(url, as.halmstad));
    expect(versions.map((v) => [v.version, v.situation])).toEqual([
      [1, "Brand släckt, många evakuerade."],
      [2, "Evakuerade åter hemma."],
    ]);

    const status = ReportingStatus.parse(
      await getJson(`${service.url}/situation-reports/status?county=13`, as.observer),
    );
    const mine = status.entries.filter((e) => e.incidentId === event.id);
    expect(mine.map((e) => [e.organisationId, e.latestVersion, e.overdue])).toEqual([
      ["kommun-1380", 2, false],
      // Laholm is affected, has not reported, and the first report was due two hours after the event.
      ["kommun-1381", null, true],
      ["region-13", 1, true],
    ]);
    expect(status.overdue.map((e) => e.organisationId).sort()).toEqual(["kommun-1381", "region-13"]);

    const summary = CountySituationSummary.parse(
      await getJson(`${service.url}/situation-reports/summary?county=13`, as.observer),
    );
    const compiled = summary.incidents.find((i) => i.incidentId === event.id);
    expect(compiled?.notReported).toEqual(["kommun-1381"]);
    expect(compiled?.sections.situation).toEqual([
      { organisationId: "kommun-1380", version: 2, text: "Evakuerade åter hemma." },
      { organisationId: "region-13", version: 1, text: "PKL i beredskap." },
    ]);

    // Länsstyrelsen reads every report of its county; a municipality only its own.
    const all = SituationReport.array().parse(await getJson(url, as.observer));
    expect(new Set(all.map((r) => r.organisationId))).toEqual(new Set(["kommun-1380", "region-13"]));
    const laholmReads = SituationReport.array().parse(await getJson(url, as.laholm));
    expect(laholmReads).toEqual([]);
    expect((await send("GET", `${url}?organisationId=kommun-1380`, as.laholm)).status).toBe(403);
  });

  it("lets a municipality report for itself only, and Länsstyrelsen see its own county only", async () => {
    const event = await openIncident(publisher, service.url, incident(), as.observer);
    const url = `${service.url}/incidents/${event.id}/situation-reports`;
    expect((await send("POST", url, as.halmstad, report("kommun-1381", "För Laholm?", null))).status).toBe(
      403,
    );
    expect(
      (await send("POST", url, as.observer, report("kommun-1380", "Som länsstyrelsen", null))).status,
    ).toBe(403);
    expect(
      (await send("GET", `${service.url}/situation-reports/status?county=13`, as.skaneObserver)).status,
    ).toBe(403);
    expect((await send("GET", `${service.url}/situation-reports/status?county=13`, as.halmstad)).status).toBe(
      403,
    );
    expect((await fetch(`${service.url}/situation-reports/status?county=13`)).status).toBe(401);
  });

  it("refuses a report on an event that is not extraordinary, naming the field", async () => {
    const ordinary = await openIncident(
      publisher,
      service.url,
      incident({ extraordinary: false }),
      as.observer,
    );
    const response = await send(
      "POST",
      `${service.url}/incidents/${ordinary.id}/situation-reports`,
      as.halmstad,
      report("kommun-1380", "Lugnt läge.", null),
    );
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain("incidentId");
  });

  it("answers a report without its situation with 400 naming the field", async () => {
    const event = await openIncident(publisher, service.url, incident(), as.observer);
    const { situation: _none, ...body } = report("kommun-1380", "x", null);
    const response = await send(
      "POST",
      `${service.url}/incidents/${event.id}/situation-reports`,
      as.halmstad,
      body,
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('"field":"situation"');
  });

  it("cannot overwrite a submitted version, not even in the database", async () => {
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await expect(sql`update reporting.situation_reports set situation = 'ändrad'`).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`delete from reporting.situation_reports`).rejects.toThrow(/append-only/);
    } finally {
      await sql.end();
    }
  });
});
