import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SituationReport } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace } from "@krisstod/testing";
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingService } from "../src/index.ts";
import {
  type Actors,
  actors,
  type EventPublisher,
  eventPublisher,
  incident,
  openIncident,
  send,
} from "./support.ts";

const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")), "standard_fonts")}/`;

/** Parses a PDF with pdf.js (as a browser would) and returns its metadata title and its text per page. */
async function readPdf(bytes: ArrayBuffer): Promise<{ title: unknown; pages: string[] }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    // Lines wrapped by the layout come back as separate items; join them as a reader would.
    pages.push(
      content.items.map((item) => ("str" in item ? `${item.str}${item.hasEOL ? " " : ""}` : "")).join(""),
    );
  }
  const { info } = await pdf.getMetadata();
  await pdf.destroy();
  return { title: (info as { Title?: unknown }).Title, pages };
}

const text = (pdf: { pages: string[] }) => pdf.pages.join(" ").replace(/\s+/g, " ");

describe("exports a county officer sends on", () => {
  let service: RunningService;
  let publisher: EventPublisher;
  let as: Actors;

  beforeAll(async () => {
    const ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
    publisher = await eventPublisher(ns.natsUrl, ns.natsNamespace);
    as = await actors(ns);
  });
  afterAll(async () => {
    await publisher?.close();
    await service?.stop();
  });

  it("renders a situation report version as a PDF in Swedish, with Swedish time, not cached", async () => {
    const event = await openIncident(
      publisher,
      service.url,
      incident({ title: "Bussolycka vid Åsa, Kungsbacka ö-väg", occurredAt: "2026-06-03T10:30:00.000Z" }),
      as.observer,
    );
    const url = `${service.url}/incidents/${event.id}/situation-reports`;
    const body = {
      organisationId: "kommun-1380",
      countyCode: "13",
      situation: "Räddningsinsatsen är avslutad; 40 resenärer är omhändertagna på Älvsåker skola.",
      consequences: "Många barn och föräldrar är oroliga.",
      actionsTaken: "",
      nextReportDue: "2026-06-03T12:05:00.000Z",
      submittedBy: "Åsa Öberg, POSOM-samordnare",
    };
    await send("POST", url, as.halmstad, { ...body, situation: "Första versionen." });
    const second = SituationReport.parse(await (await send("POST", url, as.halmstad, body)).json());

    const response = await fetch(`${url}/${second.id}/pdf`, { headers: as.halmstad });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="lagesrapport-kommun-1380-.*-v2\.pdf"$/,
    );
    const pdf = await readPdf(await response.arrayBuffer());
    expect(pdf.title).toBe("Lägesrapport: Bussolycka vid Åsa, Kungsbacka ö-väg");
    const shown = text(pdf);
    expect(shown).toContain("Lägesrapport: Bussolycka vid Åsa, Kungsbacka ö-väg");
    expect(shown).toContain("Halmstads kommun");
    expect(shown).toContain("Version: 2");
    expect(shown).toContain("40 resenärer är omhändertagna på Älvsåker skola");
    expect(shown).not.toContain("Första versionen.");
    // 12:05 UTC is 14:05 in Swedish summer time.
    expect(shown).toContain("Nästa rapport: 3 juni 2026 kl. 14:05");
    expect(shown).toContain("Brand, 3 juni 2026 kl. 12:30");
    expect(shown).toContain("Vidtagna åtgärder Inget rapporterat.");

    const edxl = await fetch(`${url}/${second.id}/edxl`, { headers: as.observer });
    expect(edxl.status).toBe(200);
    expect(edxl.headers.get("cache-control")).toBe("no-store");
    expect(edxl.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    const xml = await edxl.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    const { SitRep } = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@_",
      parseTagValue: false,
      isArray: () => false,
    }).parse(xml) as { SitRep: Record<string, unknown> };
    expect(SitRep["@_xmlns"]).toBe("urn:oasis:names:tc:emergency:EDXL:SitRep:1.0");
    const first = SituationReport.array()
      .parse(await (await send("GET", url, as.halmstad)).json())
      .find((r) => r.version === 1);
    expect(SitRep).toMatchObject({
      MessageID: second.id,
      ReportVersion: "Update",
      ReportNumber: "2",
      IncidentID: event.id,
      OriginatingMessageID: first?.id,
      PrecedingMessageID: first?.id,
      NextContact: "2026-06-03T12:05:00.000Z",
      PreparedBy: { OrganizationInformation: { OrgName: "Halmstads kommun" } },
    });
    expect((await fetch(`${url}/${second.id}/edxl`, { headers: as.laholm })).status).toBe(403);

    // Länsstyrelsen of the county may export it; another municipality or county may not.
    expect((await fetch(`${url}/${second.id}/pdf`, { headers: as.observer })).status).toBe(200);
    expect((await fetch(`${url}/${second.id}/pdf`, { headers: as.laholm })).status).toBe(403);
    expect((await fetch(`${url}/${second.id}/pdf`, { headers: as.skaneObserver })).status).toBe(403);
    expect((await fetch(`${url}/${uuidv7()}/pdf`, { headers: as.halmstad })).status).toBe(404);
  });

  it("renders Länsstyrelsen's county summary as a PDF naming who has not reported", async () => {
    const event = await openIncident(
      publisher,
      service.url,
      incident({ title: "Skottlossning i Laholm", affectedMunicipalities: ["1381", "1315"] }),
      as.observer,
    );
    await send("POST", `${service.url}/incidents/${event.id}/situation-reports`, as.laholm, {
      organisationId: "kommun-1381",
      countyCode: "13",
      situation: "Stödcentrum öppet i Laholms församlingshem.",
      submittedBy: "Per Ström",
    });
    const response = await fetch(`${service.url}/situation-reports/summary/pdf?county=13`, {
      headers: as.observer,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const shown = text(await readPdf(await response.arrayBuffer()));
    expect(shown).toContain("Sammanställd lägesbild, Hallands län");
    expect(shown).toContain("Skottlossning i Laholm");
    expect(shown).toContain("Har inte rapporterat: Hylte kommun");
    expect(shown).toContain("Laholms kommun (version 1) Stödcentrum öppet i Laholms församlingshem.");

    expect(
      (await fetch(`${service.url}/situation-reports/summary/pdf?county=13`, { headers: as.halmstad }))
        .status,
    ).toBe(403);
    expect(
      (await fetch(`${service.url}/situation-reports/summary/pdf?county=13`, { headers: as.skaneObserver }))
        .status,
    ).toBe(403);
  });

  it("exports the yearly statistics and the lessons learned as CSV that Swedish Excel opens", async () => {
    const year = new Date().getUTCFullYear();
    const activationId = uuidv7();
    await send("PUT", `${service.url}/activations/${activationId}`, as.varberg, {
      organisationId: "kommun-1383",
      countyCode: "13",
      kind: "posom",
      activatedAt: new Date().toISOString(),
    });
    await send("PUT", `${service.url}/activations/${activationId}/participants/p-1`, as.varberg, {
      organisationId: "kommun-1383",
      role: "support-person",
      hours: 7.5,
      hoursOutsideWorkingTime: 2.25,
    });
    const evaluation = await send("POST", `${service.url}/evaluations`, as.varberg, {
      organisationId: "kommun-1383",
      activationIds: [activationId],
      ownerName: "Åke",
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      lessons: ["Lokalen på Östervångsskolan räckte inte; ha en reserv.", '=HYPERLINK("x")'],
    });
    expect(evaluation.status).toBe(201);

    const stats = await fetch(`${service.url}/statistics/csv?county=13&year=${year}`, {
      headers: as.observer,
    });
    expect(stats.status).toBe(200);
    expect(stats.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(stats.headers.get("cache-control")).toBe("no-store");
    const raw = new Uint8Array(await stats.arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    const rows: Record<string, string>[] = parseCsv(Buffer.from(raw), {
      bom: true,
      columns: true,
      delimiter: ";",
    });
    const varberg = rows.find((r) => r["Organisations-id"] === "kommun-1383");
    expect(varberg).toMatchObject({
      År: String(year),
      Organisation: "Varbergs kommun",
      "POSOM-aktiveringar": "1",
      "Insatta personer": "1",
      Timmar: "7,5",
      "Timmar utanför arbetstid": "2,25",
      Besökare: "<5",
    });

    const lessons = await fetch(`${service.url}/lessons/csv?county=13`, { headers: as.halmstad });
    expect(lessons.status).toBe(200);
    const lessonRows: Record<string, string>[] = parseCsv(Buffer.from(await lessons.arrayBuffer()), {
      bom: true,
      columns: true,
      delimiter: ";",
    });
    expect(lessonRows.map((r) => r.Lärdom)).toEqual([
      "Lokalen på Östervångsskolan räckte inte; ha en reserv.",
      // A formula is defused: Excel shows it as text.
      '\'=HYPERLINK("x")',
    ]);
    expect(lessonRows[0]?.Organisationer).toBe("Varbergs kommun");
    expect(lessonRows[0]?.Registrerad).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    expect(
      (await fetch(`${service.url}/statistics/csv?county=13&year=${year}`, { headers: as.skaneObserver }))
        .status,
    ).toBe(403);
    const bad = await fetch(`${service.url}/statistics/csv?county=13&year=sist`, { headers: as.observer });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("year");
  });
});
