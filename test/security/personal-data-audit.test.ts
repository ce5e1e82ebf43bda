import { createActivationService } from "@krisstod/activation";
import type { Principal } from "@krisstod/contracts";
import { reportingService } from "@krisstod/reporting";
import { createRosterService } from "@krisstod/roster";
import { type RunningService, startService } from "@krisstod/runtime";
import { supportCentresService } from "@krisstod/support-centres";
import { createTestNamespace, makePrincipal, type TestNamespace, waitFor } from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedRoutes } from "../openapi.ts";

/**
 * "Every read of personal data is audited, one row per person": every GET route of the four
 * services' route tables (a route added later is called too) is called with real data behind it,
 * and the names in each answer are matched against the audit rows the call appended: each person
 * or visitor whose name the answer shows has exactly one row, and no row names someone the answer
 * does not show. A route the test cannot call must be listed below with the reason.
 */
type Svc = "roster" | "activation" | "support-centres" | "reporting";
const tables: Record<Svc, readonly { method: string; path: string }[]> = {
  roster: documentedRoutes("roster"),
  activation: documentedRoutes("activation"),
  "support-centres": documentedRoutes("support-centres"),
  reporting: documentedRoutes("reporting"),
};
const schemas: Record<Svc, string> = {
  roster: "roster",
  activation: "activation",
  "support-centres": "support_centres",
  reporting: "reporting",
};

/** GET routes not called here, each with why (none may return personal data unaudited unseen). */
const notCalled: Record<string, string> = {
  "reporting GET /stream":
    "a server-sent event stream of counts; its content is the picture's (GET /picture)",
  "activation GET /call-outs/:id/answer": "needs the person's own signed link (answer-link tests)",
  "activation GET /mutual-aid/requests/:id": "needs a mutual-aid request (mutual-aid tests)",
  "reporting GET /aid-requests/:aidRequestId/evaluation-outcome":
    "needs help given to another county's deployment (after-action tests); an evaluation's outcome names nobody",
  "reporting GET /incidents/:incidentId/situation-reports/:reportId/pdf":
    "needs a situation report (exports tests)",
  "reporting GET /incidents/:incidentId/situation-reports/:reportId/edxl":
    "needs a situation report (exports tests)",
  "reporting GET /audit/export": "the audit trail itself: subject ids, no names (audit tests)",
  "roster GET /audit/export": "the audit trail itself",
  "activation GET /audit/export": "the audit trail itself",
  "support-centres GET /audit/export": "the audit trail itself",
};

const year = new Date().getUTCFullYear();
/** Query strings the routes require. */
const queries: Record<string, string> = {
  "activation GET /dev/outbox": "activationId={activationId}",
  "reporting GET /activations": "organisationId=kommun-1380",
  "reporting GET /support-persons/load": "organisationId=kommun-1380",
  "reporting GET /lessons": "county=13",
  "reporting GET /statistics": `county=13&year=${year}`,
  "reporting GET /statistics/csv": `county=13&year=${year}`,
  "reporting GET /lessons/csv": "county=13",
  "reporting GET /situation-reports/status": "county=13",
  "reporting GET /situation-reports/summary": "county=13",
  "reporting GET /situation-reports/summary/pdf": "county=13",
  "reporting GET /faith-communities": "county=13",
  "reporting GET /picture": "county=13",
  "support-centres GET /follow-up": "incidentId={incidentId}",
  "reporting GET /incidents/:incidentId/logbook-entries": "organisationId=kommun-1380",
};

/** Halmstad's POSOM lead holding every role of the organisation, so the policy lets each read through. */
const reader: Partial<Principal> = {
  userId: "kommun-1380.posom-lead",
  organisationId: "kommun-1380",
  countyCode: "13",
  roles: ["posom-lead", "ledningsgrupp", "centre-staff", "org-admin"],
};
const observer: Partial<Principal> = {
  userId: "lansstyrelsen-13.county-observer",
  organisationId: "lansstyrelsen-13",
  countyCode: "13",
  roles: ["county-observer"],
};
const chief: Partial<Principal> = {
  userId: "kommun-1380.activator",
  organisationId: "kommun-1380",
  countyCode: "13",
  roles: ["activator"],
};

interface Known {
  id: string;
  given: string;
  family: string;
}

describe("every read of personal data is audited, one row per person", () => {
  let ns: TestNamespace;
  let sql: postgres.Sql;
  const running: Partial<Record<Svc, RunningService>> = {};
  const ids: Record<string, string> = {};
  let people: Known[] = [];
  /** Every record id a row may name: all the organisation's people and the visitor. */
  const known = new Set<string>();
  const visitor = { id: "", given: "Visitorella", family: "Granskningsdotter" };

  const headersFor = async (principal: Partial<Principal>) => ({
    Authorization: `Bearer ${await ns.issuer.mint(makePrincipal(principal), { expiresIn: 3600 })}`,
    "Content-Type": "application/json",
  });
  const call = async (svc: Svc, method: string, path: string, as: Partial<Principal>, body?: unknown) => {
    const response = await fetch(`${running[svc]?.url}${path}`, {
      method,
      headers: await headersFor(as),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text };
  };
  const ok = async (svc: Svc, method: string, path: string, as: Partial<Principal>, body?: unknown) => {
    const { status, text } = await call(svc, method, path, as, body);
    if (status >= 300) throw new Error(`${method} ${path}: ${status} ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  beforeAll(async () => {
    ns = await createTestNamespace();
    sql = postgres(ns.databaseUrl, { max: 1, onnotice: () => {} });
    running.roster = await startService(createRosterService(), ns.serviceEnv({ DEMO_DATA: true }));
    running.activation = await startService(
      createActivationService({ ROSTER_TIMEOUT_MS: "20000", SENDER_POLL_MS: "50" }),
      ns.serviceEnv(),
    );
    running["support-centres"] = await startService(supportCentresService, ns.serviceEnv());
    running.reporting = await startService(reportingService, ns.serviceEnv());

    const list = (await (
      await fetch(`${running.roster.url}/organisations/kommun-1380/people`, {
        headers: await headersFor(reader),
      })
    ).json()) as { id: string; givenName: string; familyName: string }[];
    // Names that occur once, so a name in an answer means one person.
    const count = new Map<string, number>();
    for (const p of list)
      count.set(`${p.givenName} ${p.familyName}`, (count.get(`${p.givenName} ${p.familyName}`) ?? 0) + 1);
    for (const p of list) known.add(p.id);
    people = list
      .filter((p) => count.get(`${p.givenName} ${p.familyName}`) === 1)
      .map((p) => ({ id: p.id, given: p.givenName, family: p.familyName }));
    const someone = people[0];
    if (!someone) throw new Error("no demo people in Halmstad");
    ids.personId = someone.id;

    const incident = await ok("activation", "POST", "/incidents", reader, {
      kind: "fire",
      title: "Granskningsbrand",
      location: { lat: 56.67, lon: 12.86 },
      occurredAt: new Date().toISOString(),
      affectedMunicipalities: ["1380"],
      // So that POSOM's briefing to the crisis management answers too (counts, no names).
      crisisManagementActivated: true,
    });
    ids.incidentId = String(incident.id);
    ids.id = ids.incidentId;
    const activation = await ok("activation", "POST", "/activations", chief, {
      incidentId: ids.incidentId,
      group: "management",
      reason: "Brand med många drabbade",
      needed: 2,
    });
    ids.activationId = String(activation.id);
    await waitFor(async () => {
      const read = await call("activation", "GET", `/activations/${ids.activationId}`, reader);
      return read.status === 200 && (JSON.parse(read.text) as { callOuts: unknown[] }).callOuts.length > 0;
    });

    await waitFor(async () => (await call("support-centres", "POST", "/centres", reader, {})).status === 400);
    const centre = await waitFor(async () => {
      const created = await call("support-centres", "POST", "/centres", reader, {
        incidentId: ids.incidentId,
        operator: "posom",
        posomOrganisationId: "kommun-1380",
        name: "Granskningscentrum",
        location: { lat: 56.7, lon: 12.9 },
        functions: ["information-referral"],
        capacity: 50,
      });
      return created.status === 201 && (JSON.parse(created.text) as { id: string });
    });
    ids.centreId = centre.id;
    await ok("support-centres", "POST", `/centres/${centre.id}/open`, reader, {});
    const shift = await ok("support-centres", "POST", `/centres/${centre.id}/shifts`, reader, {
      personId: someone.id,
      personName: `${someone.given} ${someone.family}`,
      homeOrganisationId: "kommun-1380",
      plannedStart: new Date(Date.now() - 3_600_000).toISOString(),
      plannedEnd: new Date(Date.now() + 3_600_000).toISOString(),
    });
    ids.shiftId = String(shift.id);
    const arrived = await ok("support-centres", "POST", `/centres/${centre.id}/visitors`, reader, {
      registration: {
        name: `${visitor.given} ${visitor.family}`,
        phone: "+46701234567",
        language: "sv",
        relation: "affected",
        dateOfBirth: "1980-05-17",
      },
    });
    visitor.id = String(arrived.id);
    known.add(visitor.id);
    ids.visitorId = visitor.id;

    // Reporting's after-action records of the same activation, with one participant's hours.
    await waitFor(
      async () =>
        (await call("reporting", "GET", `/activations/${ids.activationId}/summary`, reader)).status === 200,
    );
    const second = people[1] ?? someone;
    await ok("reporting", "PUT", `/activations/${ids.activationId}/participants/${second.id}`, reader, {
      organisationId: "kommun-1380",
      personName: `${second.given} ${second.family}`,
      role: "support-person",
      hours: 4,
      hoursOutsideWorkingTime: 1,
    });
    const faith = await ok(
      "reporting",
      "POST",
      "/faith-communities",
      { ...observer, roles: ["org-admin"] },
      {
        name: "Granskningsförsamlingen",
        denomination: "Svenska kyrkan",
        municipalities: ["1380"],
        contactPerson: "Kontakt Kyrksson",
        phone: "+4635100000",
        languages: ["sv"],
      },
    );
    ids.faithId = String(faith.id);
    await ok("reporting", "POST", `/incidents/${ids.incidentId}/logbook-entries`, reader, {
      organisationId: "kommun-1380",
      countyCode: "13",
      logbook: "ledningsgrupp",
      authorId: "author-1",
      authorName: "Loggförare Test",
      text: "Centrum öppnat.",
    });
  }, 180_000);

  afterAll(async () => {
    for (const service of Object.values(running)) await service?.stop();
    await sql?.end();
  });

  const maxId = async (svc: Svc) =>
    Number((await sql.unsafe(`select coalesce(max(id), 0) as n from ${schemas[svc]}.audit_log`))[0]?.n ?? 0);
  const services = Object.keys(schemas) as Svc[];
  /** Where each service's trail stood: a read may be audited by the service that owns the record. */
  const marks = async () => {
    const at = {} as Record<Svc, number>;
    for (const svc of services) at[svc] = await maxId(svc);
    return at;
  };
  const rowsSince = async (after: Record<Svc, number>) => {
    const rows: { subject_kind: string; subject_id: string }[] = [];
    for (const svc of services) {
      rows.push(
        ...((await sql.unsafe(
          `select subject_kind, subject_id from ${schemas[svc]}.audit_log where id > $1 order by id`,
          [after[svc]],
        )) as unknown as { subject_kind: string; subject_id: string }[]),
      );
    }
    return rows;
  };

  /** The people and visitors an answer shows by name (JSON fields or a CSV row). */
  function shown(text: string): Known[] {
    return [...people, visitor].filter(
      (p) =>
        text.includes(`${p.given} ${p.family}`) ||
        text.includes(`"givenName":"${p.given}","familyName":"${p.family}"`) ||
        text.includes(`${p.given};${p.family}`),
    );
  }

  const gets = (Object.keys(tables) as Svc[]).flatMap((svc) =>
    tables[svc].filter((r) => r.method === "GET").map((r) => ({ svc, ...r, key: `${svc} GET ${r.path}` })),
  );

  it("calls every GET route of every route table but the few listed with a reason", () => {
    const unknown = Object.keys(notCalled).filter((k) => !gets.some((g) => g.key === k));
    expect(unknown).toEqual([]);
    expect(gets.length).toBeGreaterThan(40);
  });

  for (const route of gets.filter((g) => !notCalled[g.key])) {
    it(`${route.key}: one audit row per person shown, none for anyone not shown`, async () => {
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
        if (name === "id" && route.path.startsWith("/organisations")) return "kommun-1380";
        if (name === "id" && route.path.startsWith("/people")) return ids.personId ?? "";
        if (name === "id" && route.path.startsWith("/centres")) return ids.centreId ?? "";
        if (name === "id" && route.path.startsWith("/activations")) return ids.activationId ?? "";
        if (name === "id" && route.path.startsWith("/faith-communities")) return ids.faithId ?? "";
        if (name === "group") return "management";
        if (name === "countyCode") return "13";
        return ids[name] ?? "";
      });
      const query = (queries[route.key] ?? "").replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? "");
      const url = query ? `${path}?${query}` : path;
      const before = await marks();
      let answer = await call(route.svc, "GET", url, reader);
      if (answer.status === 403) answer = await call(route.svc, "GET", url, observer);
      expect(answer.status, `${route.key} → ${answer.text.slice(0, 300)}`).toBe(200);
      const names = shown(answer.text);
      const audited = (await rowsSince(before)).map((r) => r.subject_id);
      // Each person shown is audited, once.
      expect(audited.filter((id) => names.some((n) => n.id === id)).sort()).toEqual(
        names.map((n) => n.id).sort(),
      );
      // Rows only for records of people and visitors (a read that aggregates, e.g. the languages
      // of the visitors present, is audited per visitor read), and no second row for anyone.
      for (const id of audited) expect(known.has(id) || answer.text.includes(id), id).toBe(true);
      expect(new Set(audited).size).toBe(audited.length);
    });
  }

  it("audits a ledningsgrupp member's and an org admin's list of people and call list (names only)", async () => {
    for (const roles of [["ledningsgrupp"], ["org-admin"]] as const) {
      const who = { ...reader, userId: `kommun-1380.${roles[0]}`, roles: [...roles] };
      for (const path of [
        "/organisations/kommun-1380/people",
        "/organisations/kommun-1380/call-lists/support-persons",
      ]) {
        const before = await maxId("roster");
        const answer = await call("roster", "GET", path, who);
        expect(answer.status).toBe(200);
        const names = shown(answer.text);
        expect(names.length).toBeGreaterThan(0);
        const rows = await sql.unsafe(
          `select subject_id, actor_user_id, reason from roster.audit_log where id > $1`,
          [before],
        );
        expect(rows.length).toBeGreaterThanOrEqual(names.length);
        expect(rows.every((r) => r.actor_user_id === who.userId && r.reason === "names only")).toBe(true);
      }
    }
  });
});
