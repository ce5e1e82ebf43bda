import { LanguageHelp, LanguageNeeds } from "@krisstod/contracts";
import { rosterService } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import { createTestNamespace, type TestNamespace, waitFor } from "@krisstod/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidentLocations } from "../src/db/schema.ts";
import { createSupportCentresService } from "../src/service.ts";
import { centreBody, publishIncidentOpened } from "./helpers.ts";

const halmstad = { organisationId: "kommun-1380", countyCode: "13" };
const lead = { ...halmstad, userId: "halmstad-lead", roles: ["posom-lead" as const] };
const staff = {
  ...halmstad,
  userId: "halmstad-staff",
  name: "Centrum Personal",
  roles: ["centre-staff" as const],
};
const regionStaff = { organisationId: "region-13", countyCode: "13", roles: ["centre-staff" as const] };

/**
 * "Who can speak the visitor's language", with the real roster and support-centres services on
 * one database and NATS namespace: staff on shift first, then the organisation's roster, then an
 * interpreter.
 */
describe("support centres: language help for a visitor", () => {
  let ns: TestNamespace;
  let roster: RunningService;
  let centres: RunningService;
  let centreId: string;
  const person: Record<string, string> = {};
  const visitor: Record<string, string> = {};
  let arriveWith: (key: string, language?: string) => Promise<void> = async () => {};

  const call = async (service: RunningService, who: object, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: await ns.headers(who),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined, text };
  };
  const ok = async (service: RunningService, who: object, method: string, path: string, body?: unknown) => {
    const r = await call(service, who, method, path, body);
    expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
    return r.json;
  };
  // Each audit table read through its own service's connection: a service's role sees only its schema.
  const query = async <T>(statement: ReturnType<typeof sql>, service: RunningService = centres) =>
    [...(await service.context.database.db.execute(statement))] as T[];
  const help = (visitorKey: string, who: object = staff) =>
    call(centres, who, "GET", `/centres/${centreId}/visitors/${visitor[visitorKey]}/language-help`);

  beforeAll(async () => {
    ns = await createTestNamespace();
    [roster, centres] = await Promise.all([
      startService(rosterService, ns.serviceEnv()),
      startService(createSupportCentresService(), ns.serviceEnv()),
    ]);
    await ok(
      roster,
      { organisationId: "lansstyrelsen-13", countyCode: "13", roles: ["org-admin"] },
      "POST",
      "/organisations",
      {
        id: "kommun-1380",
        name: "Halmstads kommun",
        kind: "municipality",
        countyCode: "13",
        municipalityCode: "1380",
      },
    );
    const add = async (givenName: string, familyName: string, languages: string[], phone: string) => {
      const created = await ok(roster, lead, "POST", "/organisations/kommun-1380/people", {
        givenName,
        familyName,
        role: "support-person",
        phones: [phone],
        languages,
      });
      person[givenName] = created.id;
    };
    await add("Amal", "Haddad", ["sv", "ar"], "070-111 11 11");
    await add("Sara", "Svensson", ["sv", "en"], "070-222 22 22");
    await add("Omar", "Khalil", ["ara"], "070-333 33 33");

    const incidentId = await publishIncidentOpened(centres, { lat: 56.6745, lon: 12.8738 });
    await waitFor(
      async () =>
        (
          await centres.context.database.db
            .select()
            .from(incidentLocations)
            .where(eq(incidentLocations.incidentId, incidentId))
        )[0],
      { message: "incident location learnt" },
    );
    centreId = (await ok(centres, lead, "POST", "/centres", centreBody(incidentId))).id;
    await ok(centres, lead, "POST", `/centres/${centreId}/open`, {});
    const arrive = async (key: string, language?: string) => {
      const created = await ok(centres, staff, "POST", `/centres/${centreId}/visitors`, {
        registration: {
          name: `Besökare ${key}`,
          dateOfBirth: "1980-05-05",
          relation: "affected",
          ...(language ? { language } : {}),
        },
      });
      visitor[key] = created.id;
    };
    arriveWith = arrive;
    await arrive("arabic", "ar");
    await arrive("tigrinya", "ti");
    await arrive("silent");
  });
  afterAll(async () => {
    await centres?.stop();
    await roster?.stop();
  });

  const shiftOf = async (givenName: string, name: string) => {
    const now = Date.now();
    const shift = await ok(centres, lead, "POST", `/centres/${centreId}/shifts`, {
      personId: person[givenName],
      personName: name,
      homeOrganisationId: "kommun-1380",
      plannedStart: new Date(now - 3600_000).toISOString(),
      plannedEnd: new Date(now + 3600_000).toISOString(),
    });
    await ok(centres, staff, "POST", `/centres/${centreId}/shifts/${shift.id}/check-in`, {});
    return shift.id as string;
  };

  it("finds the support person on shift who speaks Arabic, not the Swedish speaker beside her", async () => {
    const amalShift = await shiftOf("Amal", "Amal Haddad");
    await shiftOf("Sara", "Sara Svensson");
    const answer = await help("arabic");
    expect(answer.status, answer.text).toBe(200);
    const body = LanguageHelp.parse(answer.json);
    expect(body).toMatchObject({ language: "ar", languageName: "arabiska", interpreterNeeded: false });
    expect(body.onShift.map((s) => [s.shiftId, s.personName])).toEqual([[amalShift, "Amal Haddad"]]);
    // Someone here speaks it: the roster's contact details are not asked for.
    expect(body.organisationSpeakers).toEqual([]);
    expect(answer.text).not.toContain("+46");
    await ok(centres, staff, "POST", `/centres/${centreId}/shifts/${amalShift}/check-out`, {});
  });

  it("with nobody on shift who speaks it, names the organisation's Arabic speakers from the roster, audited there", async () => {
    const answer = await help("arabic");
    expect(answer.status, answer.text).toBe(200);
    const body = LanguageHelp.parse(answer.json);
    expect(body.onShift).toEqual([]);
    expect(body.interpreterNeeded).toBe(false);
    expect(body.organisationSpeakers.map((s) => [s.name, s.phones])).toEqual([
      ["Amal Haddad", ["+46701111111"]],
      ["Omar Khalil", ["+46703333333"]],
    ]);
    const audited = await query<{ subject: string }>(
      sql`
      select subject_id as subject from roster.audit_log
      where actor_user_id = ${staff.userId} and actor_organisation_id = 'kommun-1380' and action = 'read'`,
      roster,
    );
    expect(audited.map((r) => r.subject).sort()).toEqual([person.Amal, person.Omar].sort());
  });

  it("with nobody at all who speaks Tigrinya, says to book an interpreter", async () => {
    const answer = await help("tigrinya");
    expect(answer.status, answer.text).toBe(200);
    const body = LanguageHelp.parse(answer.json);
    expect(body).toMatchObject({
      language: "ti",
      onShift: [],
      organisationSpeakers: [],
      interpreterNeeded: true,
    });
    expect(body.note).toMatch(/boka tolk/);
  });

  it("audits the read of the visitor's language, says when none is recorded, and refuses another organisation", async () => {
    const audited = await query<{ n: number }>(sql`
      select count(*)::int as n from support_centres.audit_log
      where subject_id = ${visitor.arabic} and reason = 'language help' and actor_user_id = ${staff.userId}`);
    expect(audited[0]?.n).toBe(2);
    expect((await help("silent")).status).toBe(409);
    expect((await help("arabic", regionStaff)).status).toBe(403);
    expect((await help("arabic", { ...halmstad, roles: ["county-observer"] })).status).toBe(403);
  });

  it("lists the languages the visitors still here need, with who on shift speaks them — counts only, audited", async () => {
    const needs = async (who: object = staff) => {
      const r = await call(centres, who, "GET", `/centres/${centreId}/language-needs`);
      expect(r.status, r.text).toBe(200);
      expect(r.text).not.toContain("Besökare");
      return LanguageNeeds.parse(r.json).needs;
    };
    await arriveWith("arabic-2", "ara");
    await arriveWith("swedish", "sv");
    await shiftOf("Amal", "Amal Haddad");
    // Two Arabic speakers (one recorded as "ara"), one Tigrinya; Swedish and no language left out.
    expect(await needs()).toEqual([
      { language: "ar", languageName: "arabiska", visitorsPresent: 2, speakersOnShift: 1 },
      { language: "ti", languageName: expect.any(String), visitorsPresent: 1, speakersOnShift: 0 },
    ]);
    // Who has left no longer counts.
    await ok(centres, staff, "POST", `/centres/${centreId}/visitors/${visitor["arabic-2"]}/departure`, {});
    expect((await needs()).find((n) => n.language === "ar")?.visitorsPresent).toBe(1);

    const audited = await query<{ subject: string }>(sql`
      select distinct subject_id as subject from support_centres.audit_log
      where reason = 'language needs' and actor_user_id = ${staff.userId}`);
    expect(audited.map((r) => r.subject).sort()).toEqual(
      [visitor.arabic, visitor["arabic-2"], visitor.tigrinya, visitor.swedish].sort(),
    );
    // The region's staff at the same centre see only their own visitors (none); others are refused.
    expect(await needs(regionStaff)).toEqual([]);
    expect(
      (
        await call(
          centres,
          { ...halmstad, roles: ["county-observer"] },
          "GET",
          `/centres/${centreId}/language-needs`,
        )
      ).status,
    ).toBe(403);
    const unknown = await call(centres, staff, "GET", `/centres/${crypto.randomUUID()}/language-needs`);
    expect(unknown.status).toBe(404);
  });
});
