import { verifyAuditChain } from "@krisstod/audit";
import { waitFor } from "@krisstod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../src/db/schema.ts";
import { createMunicipality, type Harness, startRoster } from "./harness.ts";

interface AuditRowBody {
  id: number;
  seq: number | null;
  action: string;
  subjectKind: string;
  subjectId: string;
  actorUserId: string;
}

describe("roster: an organisation admin reviews its own audit trail", () => {
  let h: Harness;
  let personId: string;

  beforeAll(async () => {
    h = await startRoster();
    await createMunicipality(h, "kommun-1381", "Laholms kommun");
    await createMunicipality(h, "kommun-1380", "Halmstads kommun");
    const lead = h.as({ organisationId: "kommun-1381", roles: ["posom-lead"], userId: "laholm-lead" });
    const created = await lead("/organisations/kommun-1381/people", {
      method: "POST",
      json: {
        givenName: "Greta",
        familyName: "Granskad",
        role: "support-person",
        workplace: "Skolan",
        phones: ["070-555 12 34"],
      },
    });
    expect(created.status).toBe(201);
    personId = ((await created.json()) as { id: string }).id;
    expect((await lead(`/people/${personId}`)).status).toBe(200);
  });
  afterAll(() => h?.stop());

  it("shows who read the organisation's people, newest first, and keeps nothing in caches", async () => {
    const response = await h.as({ organisationId: "kommun-1381", roles: ["org-admin"] })("/audit");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const rows = (await response.json()) as AuditRowBody[];
    const aboutGreta = rows.filter((row) => row.subjectId === personId);
    expect(aboutGreta.map((row) => row.action)).toEqual(expect.arrayContaining(["read", "write"]));
    expect(aboutGreta.every((row) => row.actorUserId === "laholm-lead")).toBe(true);
  });

  it("the service seals every row into the hash chain by itself, shortly after the access", async () => {
    const { db } = h.service.context.database;
    const verdict = await waitFor(async () => {
      const v = await verifyAuditChain(db, audit);
      return v.ok && v.unsealed === 0 && v;
    });
    expect(verdict.rows).toBeGreaterThanOrEqual(2);
    // The admin's view shows them chained too (a row written as the check above ran is sealed by
    // the next pass, so the view is awaited as well).
    const rows = await waitFor(async () => {
      const response = await h.as({ organisationId: "kommun-1381", roles: ["org-admin"] })("/audit");
      const body = (await response.json()) as AuditRowBody[];
      return body.length > 0 && body.every((row) => typeof row.seq === "number") && body;
    });
    expect(rows.map((row) => row.id)).toEqual([...rows.map((row) => row.id)].sort((a, b) => b - a));
  });

  it("shows another organisation's admin nothing of it", async () => {
    const response = await h.as({ organisationId: "kommun-1380", roles: ["org-admin"] })("/audit");
    expect(response.status).toBe(200);
    const rows = (await response.json()) as AuditRowBody[];
    expect(rows.some((row) => row.subjectId === personId)).toBe(false);
  });

  it("refuses a lead who is not the organisation's admin", async () => {
    const response = await h.as({ organisationId: "kommun-1381", roles: ["posom-lead"] })("/audit");
    expect(response.status).toBe(403);
  });
});
