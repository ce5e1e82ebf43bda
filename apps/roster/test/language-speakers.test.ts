import { RpcError, requestRpc } from "@krisstod/bus";
import { LanguagesOfResponse, rosterRpc, SpeakersResponse, subjects } from "@krisstod/contracts";
import { makePrincipal } from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMunicipality, type Harness, startRoster } from "./harness.ts";

const halmstadLead = { organisationId: "kommun-1380", roles: ["posom-lead" as const] };
const laholmLead = { organisationId: "kommun-1381", roles: ["posom-lead" as const] };

describe("roster: who speaks a language, over NATS", () => {
  let h: Harness;
  let sql: postgres.Sql;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await startRoster();
    sql = postgres(h.ns.databaseUrl, { max: 1, onnotice: () => {} });
    await createMunicipality(h, "kommun-1380", "Halmstads kommun");
    await createMunicipality(h, "kommun-1381", "Laholms kommun");
    let n = 0;
    const add = async (lead: typeof halmstadLead, givenName: string, languages: string[], active = true) => {
      n += 1;
      const response = await h.as(lead)(`/organisations/${lead.organisationId}/people`, {
        method: "POST",
        json: {
          givenName,
          familyName: "Språksson",
          role: "support-person",
          phones: [`070-555 ${String(n).padStart(2, "0")} 00`],
          languages,
          active,
        },
      });
      expect(response.status, await response.clone().text()).toBe(201);
      ids[givenName] = ((await response.json()) as { id: string }).id;
    };
    await add(halmstadLead, "Amal", ["sv", "ar"]);
    await add(halmstadLead, "Ara", ["ara"]); // ISO 639-2 code: still Arabic
    await add(halmstadLead, "Borta", ["ar"]);
    await add(halmstadLead, "Inaktiv", ["ar"], false);
    await add(halmstadLead, "Sven", ["sv"]);
    await add(halmstadLead, "Parisa", ["fa"]);
    await add(laholmLead, "Laila", ["ar"]);
    const now = Date.now();
    const away = await h.as(halmstadLead)(`/people/${ids.Borta}/unavailability`, {
      method: "POST",
      json: {
        from: new Date(now - 3600_000).toISOString(),
        to: new Date(now + 86_400_000).toISOString(),
        reason: "sick",
      },
    });
    expect(away.status).toBe(201);
  });
  afterAll(async () => {
    await sql?.end();
    await h?.stop();
  });

  const asker = {
    userId: "halmstad-staff-1",
    organisationId: "kommun-1380",
    roles: ["centre-staff" as const],
  };
  /** Asks as support-centres does: on behalf of a signed-in user, whose access token it carries. */
  const speakers = async (
    body: Record<string, unknown>,
    caller: Parameters<typeof makePrincipal>[0] | null = asker,
  ) =>
    requestRpc({
      nc: h.nc,
      subject: subjects.rpc(h.ns.natsNamespace, "roster", rosterRpc.speakers),
      body,
      response: SpeakersResponse,
      ...(caller ? { token: await h.issuer.mint(makePrincipal(caller)) } : {}),
    });

  it("answers the organisation's active speakers with phones, available first, and audits each read", async () => {
    const [{ n: before } = { n: 0 }] = await sql<{ n: number }[]>`
      select coalesce(max(id), 0)::int as n from roster.audit_log`;
    const answer = await speakers({
      organisationId: "kommun-1380",
      language: "ar-SY",
      reason: "language help for a visitor",
    });
    expect(answer.language).toBe("ar");
    expect(answer.people.map((p) => [p.name, p.available])).toEqual([
      ["Amal Språksson", true],
      ["Ara Språksson", true],
      ["Borta Språksson", false],
    ]);
    expect(answer.people[0]?.phones).toEqual([expect.stringMatching(/^\+46705550/)]);
    const rows = await sql<{ actor: string; org: string; subject: string; action: string; reason: string }[]>`
      select actor_user_id as actor, actor_organisation_id as org, subject_id as subject, action, reason
      from roster.audit_log where id > ${before} order by id`;
    expect(rows.map((r) => r.subject).sort()).toEqual([ids.Amal, ids.Ara, ids.Borta].sort());
    expect(
      rows.every((r) => r.actor === asker.userId && r.org === "kommun-1380" && r.action === "read"),
    ).toBe(true);
    expect(rows[0]?.reason).toBe("language help for a visitor");
  });

  it("treats Dari as Persian and answers nobody for a language nobody speaks", async () => {
    const dari = await speakers({
      organisationId: "kommun-1380",
      language: "prs",
      reason: "x",
    });
    expect(dari.people.map((p) => p.name)).toEqual(["Parisa Språksson"]);
    const tigrinya = await speakers({
      organisationId: "kommun-1380",
      language: "ti",
      reason: "x",
    });
    expect(tigrinya.people).toEqual([]);
  });

  it("refuses to give one organisation's contacts on behalf of another", async () => {
    await expect(
      speakers({
        organisationId: "kommun-1381",
        language: "ar",
        reason: "x",
      }),
    ).rejects.toMatchObject({ name: "RpcError", code: "forbidden" });
  });

  it("refuses an asker without a valid access token, whoever the body names", async () => {
    const body = { organisationId: "kommun-1380", language: "ar", reason: "x", requestedBy: asker };
    await expect(speakers(body, null)).rejects.toMatchObject({ code: "forbidden" });
    const forged = requestRpc({
      nc: h.nc,
      subject: subjects.rpc(h.ns.natsNamespace, "roster", rosterRpc.speakers),
      body,
      response: SpeakersResponse,
      token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJoYWxtc3RhZC1zdGFmZi0xIn0.",
    });
    await expect(forged).rejects.toBeInstanceOf(RpcError);
    await expect(forged).rejects.toMatchObject({ code: "forbidden" });
  });

  it("audits the read under the verified caller, not a person the body names", async () => {
    const [{ n: before } = { n: 0 }] = await sql<{ n: number }[]>`
      select coalesce(max(id), 0)::int as n from roster.audit_log`;
    const someoneElse = { userId: "kommun-1380.posom-lead", organisationId: "kommun-1380" };
    await speakers({ organisationId: "kommun-1380", language: "fa", reason: "y", requestedBy: someoneElse });
    const rows = await sql<{ actor: string }[]>`
      select actor_user_id as actor from roster.audit_log where id > ${before} order by id`;
    expect(rows.map((r) => r.actor)).toEqual([asker.userId]);
  });

  it("tells the languages of given people (staff on shift) without contact details", async () => {
    const answer = await requestRpc({
      nc: h.nc,
      subject: subjects.rpc(h.ns.natsNamespace, "roster", rosterRpc.languagesOf),
      body: { personIds: [ids.Amal, ids.Laila, "not-a-roster-id"] },
      response: LanguagesOfResponse,
    });
    expect(answer.people.sort((a, b) => a.personId.localeCompare(b.personId))).toEqual(
      [
        { personId: ids.Amal, organisationId: "kommun-1380", languages: ["sv", "ar"] },
        { personId: ids.Laila, organisationId: "kommun-1381", languages: ["ar"] },
      ].sort((a, b) => (a.personId ?? "").localeCompare(b.personId ?? "")),
    );
    expect(JSON.stringify(answer)).not.toContain("+46");
  });
});
