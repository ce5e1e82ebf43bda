import { LogbookEntry } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import postgres from "postgres";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingService } from "../src/index.ts";
import { send } from "./support.ts";

describe("logbooks", () => {
  let ns: TestNamespace;
  let service: RunningService;
  const incidentId = uuidv7();
  const entriesUrl = () => `${service.url}/incidents/${incidentId}/logbook-entries`;
  const personal = (text: string, extra: Record<string, unknown> = {}) => ({
    organisationId: "kommun-1381",
    countyCode: "13",
    logbook: "personal",
    personId: "person-erik",
    authorId: "person-erik",
    authorName: "Erik Ström",
    text,
    ...extra,
  });

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
  });
  afterAll(() => service?.stop());

  it("corrects an entry with a new entry that references it, keeping the original as written", async () => {
    const original = LogbookEntry.parse(
      await (await send("POST", entriesUrl(), personal("Samtal med 3 anhöriga kl 14.10."))).json(),
    );
    const correction = await send(
      "POST",
      entriesUrl(),
      personal("Rättelse: samtalet var kl 14.40.", { correctsEntryId: original.id }),
    );
    expect(correction.status).toBe(201);
    expect(correction.headers.get("cache-control")).toBe("no-store");
    const corrected = LogbookEntry.parse(await correction.json());

    const book = LogbookEntry.array().parse(
      await (
        await fetch(`${entriesUrl()}?organisationId=kommun-1381&logbook=personal&personId=person-erik`)
      ).json(),
    );
    expect(book.map((e) => [e.text, e.correctsEntryId, e.correctedBy])).toEqual([
      ["Samtal med 3 anhöriga kl 14.10.", null, [corrected.id]],
      ["Rättelse: samtalet var kl 14.40.", original.id, []],
    ]);
  });

  it("keeps the ledningsgrupp's log apart from personal logs", async () => {
    const response = await send("POST", entriesUrl(), {
      organisationId: "kommun-1381",
      countyCode: "13",
      logbook: "ledningsgrupp",
      authorId: "person-maria",
      authorName: "Maria Berg",
      occurredAt: "2026-11-28T07:05:00Z",
      text: "Beslut: stödcentrum öppnas i Laholms sporthall.",
    });
    expect(response.status).toBe(201);
    const group = LogbookEntry.array().parse(
      await (await fetch(`${entriesUrl()}?organisationId=kommun-1381&logbook=ledningsgrupp`)).json(),
    );
    expect(group.map((e) => [e.text, e.occurredAt])).toEqual([
      ["Beslut: stödcentrum öppnas i Laholms sporthall.", "2026-11-28T07:05:00.000Z"],
    ]);
  });

  it("refuses a correction of an entry in another logbook", async () => {
    const other = LogbookEntry.parse(
      await (
        await send("POST", entriesUrl(), personal("Annan persons anteckning.", { personId: "person-lisa" }))
      ).json(),
    );
    const response = await send("POST", entriesUrl(), personal("Rättelse.", { correctsEntryId: other.id }));
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain("correctsEntryId");
  });

  it("answers a personal entry without whose logbook with 400 naming personId", async () => {
    const response = await send("POST", entriesUrl(), personal("Text", { personId: undefined }));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('"field":"personId"');
  });

  it("cannot edit or delete an entry through any route, nor in the database", async () => {
    const entry = LogbookEntry.parse(
      await (await send("POST", entriesUrl(), personal("Som skrivet."))).json(),
    );
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      for (const url of [
        `${entriesUrl()}/${entry.id}`,
        `${service.url}/logbook-entries/${entry.id}`,
        entriesUrl(),
      ]) {
        const response = await send(method, url, method === "DELETE" ? undefined : personal("Ändrad."));
        expect(response.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${method} ${url}`).toBeLessThan(500);
      }
    }
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await expect(
        sql`update reporting.logbook_entries set text = 'Ändrad.' where id = ${entry.id}`,
      ).rejects.toThrow(/append-only/);
      await expect(sql`delete from reporting.logbook_entries where id = ${entry.id}`).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`truncate reporting.logbook_entries`).rejects.toThrow(/append-only/);
      const [row] = await sql<
        { text: string }[]
      >`select text from reporting.logbook_entries where id = ${entry.id}`;
      expect(row?.text).toBe("Som skrivet.");
    } finally {
      await sql.end();
    }
  });
});
