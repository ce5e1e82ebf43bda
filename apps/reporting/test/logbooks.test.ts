import { LogbookEntry } from "@krisstod/contracts";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace } from "@krisstod/testing";
import postgres from "postgres";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportingService } from "../src/index.ts";
import { getJson, send } from "./support.ts";

describe("logbooks", () => {
  let ns: TestNamespace;
  let service: RunningService;
  let lead: Record<string, string>;
  let erik: Record<string, string>;
  const incidentId = uuidv7();
  const entriesUrl = () => `${service.url}/incidents/${incidentId}/logbook-entries`;
  const personal = (text: string, extra: Record<string, unknown> = {}) => ({
    organisationId: "kommun-1381",
    countyCode: "13",
    logbook: "personal",
    text,
    ...extra,
  });
  const eriksBook = () => `${entriesUrl()}?organisationId=kommun-1381&logbook=personal&personId=person-erik`;

  beforeAll(async () => {
    ns = await createTestNamespace();
    service = await startService(reportingService, ns.serviceEnv());
    lead = await ns.headers({ organisationId: "kommun-1381", countyCode: "13", roles: ["ledningsgrupp"] });
    erik = await ns.headers({
      userId: "person-erik",
      organisationId: "kommun-1381",
      countyCode: "13",
      name: "Erik Ström",
      roles: ["support-person"],
    });
  });
  afterAll(() => service?.stop());

  it("corrects an entry with a new entry that references it, keeping the original as written", async () => {
    const original = LogbookEntry.parse(
      await (await send("POST", entriesUrl(), erik, personal("Samtal med 3 anhöriga kl 14.10."))).json(),
    );
    const correction = await send(
      "POST",
      entriesUrl(),
      erik,
      personal("Rättelse: samtalet var kl 14.40.", { correctsEntryId: original.id }),
    );
    expect(correction.status).toBe(201);
    expect(correction.headers.get("cache-control")).toBe("no-store");
    const corrected = LogbookEntry.parse(await correction.json());

    const book = LogbookEntry.array().parse(await getJson(eriksBook(), erik));
    expect(book.map((e) => [e.text, e.correctsEntryId, e.correctedBy])).toEqual([
      ["Samtal med 3 anhöriga kl 14.10.", null, [corrected.id]],
      ["Rättelse: samtalet var kl 14.40.", original.id, []],
    ]);
  });

  it("keeps the ledningsgrupp's log apart from personal logs, and a support person out of it", async () => {
    const entry = {
      organisationId: "kommun-1381",
      countyCode: "13",
      logbook: "ledningsgrupp",
      occurredAt: "2026-11-28T07:05:00Z",
      text: "Beslut: stödcentrum öppnas i Laholms sporthall.",
    };
    expect((await send("POST", entriesUrl(), lead, entry)).status).toBe(201);
    const group = LogbookEntry.array().parse(
      await getJson(`${entriesUrl()}?organisationId=kommun-1381&logbook=ledningsgrupp`, lead),
    );
    expect(group.map((e) => [e.text, e.occurredAt])).toEqual([
      ["Beslut: stödcentrum öppnas i Laholms sporthall.", "2026-11-28T07:05:00.000Z"],
    ]);
    expect((await send("POST", entriesUrl(), erik, entry)).status).toBe(403);
    expect(
      (await send("GET", `${entriesUrl()}?organisationId=kommun-1381&logbook=ledningsgrupp`, erik)).status,
    ).toBe(403);
    // Another municipality reads none of it.
    const halmstad = await ns.headers({
      organisationId: "kommun-1380",
      countyCode: "13",
      roles: ["posom-lead"],
    });
    expect((await send("GET", `${entriesUrl()}?organisationId=kommun-1381`, halmstad)).status).toBe(403);
  });

  it("refuses a correction of an entry in another logbook", async () => {
    const other = LogbookEntry.parse(
      await (await send("POST", entriesUrl(), lead, personal("Annan persons anteckning."))).json(),
    );
    const response = await send(
      "POST",
      entriesUrl(),
      erik,
      personal("Rättelse.", { correctsEntryId: other.id }),
    );
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain("correctsEntryId");
  });

  it("answers a ledningsgrupp entry naming a person with 400 naming personId", async () => {
    const response = await send(
      "POST",
      entriesUrl(),
      lead,
      personal("Text", { logbook: "ledningsgrupp", personId: "person-erik" }),
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('"field":"personId"');
  });

  // Enköping: "De stödpersoner som arbetar aktivt under händelsen ska föra egen loggbok."
  it("each support person keeps their own logbook: the author is the signed-in person, never a name in the body", async () => {
    const written = await send(
      "POST",
      entriesUrl(),
      erik,
      personal("Mötte familjen i receptionen.", { authorId: "person-maria", authorName: "Maria Berg" }),
    );
    expect(written.status).toBe(201);
    const entry = LogbookEntry.parse(await written.json());
    expect([entry.personId, entry.authorId, entry.authorName]).toEqual([
      "person-erik",
      "person-erik",
      "Erik Ström",
    ]);
    const book = LogbookEntry.array().parse(await getJson(eriksBook(), erik));
    expect(book.find((e) => e.id === entry.id)?.authorName).toBe("Erik Ström");

    // Nobody, not even a lead, writes in another person's book.
    for (const writer of [erik, lead]) {
      const other = await send(
        "POST",
        entriesUrl(),
        writer,
        personal("I Lisas bok.", { personId: "person-lisa" }),
      );
      expect(other.status).toBe(403);
    }
    const lisasBook = LogbookEntry.array().parse(
      await getJson(`${entriesUrl()}?organisationId=kommun-1381&logbook=personal&personId=person-lisa`, lead),
    );
    expect(lisasBook).toEqual([]);
  });

  it("cannot edit or delete an entry through any route, nor in the database", async () => {
    const entry = LogbookEntry.parse(
      await (await send("POST", entriesUrl(), erik, personal("Som skrivet."))).json(),
    );
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      for (const url of [
        `${entriesUrl()}/${entry.id}`,
        `${service.url}/logbook-entries/${entry.id}`,
        entriesUrl(),
      ]) {
        const response = await send(method, url, lead, method === "DELETE" ? undefined : personal("Ändrad."));
        expect(response.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${method} ${url}`).toBeLessThan(500);
      }
    }
    const book = LogbookEntry.array().parse(await getJson(eriksBook(), erik));
    expect(book.find((e) => e.id === entry.id)?.text).toBe("Som skrivet.");

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

  it("puts every write and every read of an entry on the audit trail, once per entry", async () => {
    const entry = LogbookEntry.parse(
      await (await send("POST", entriesUrl(), erik, personal("Granskas."))).json(),
    );
    await getJson(eriksBook(), erik);
    await getJson(eriksBook(), lead);
    const sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ action: string; actor_user_id: string }[]>`
        select action, actor_user_id from reporting.audit_log where subject_id = ${entry.id} order by id`;
      expect(rows.map((r) => r.action)).toEqual(["write", "read", "read"]);
      expect(rows[0]?.actor_user_id).toBe("person-erik");
      await expect(sql`delete from reporting.audit_log`).rejects.toThrow(/append-only/);
    } finally {
      await sql.end();
    }
  });
});
