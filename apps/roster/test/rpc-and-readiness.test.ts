import { RpcError, requestRpc } from "@krisstod/bus";
import {
  AuthorisedActivatorsResponse,
  CallListResponse,
  NetworkMeeting,
  Organisation,
  Person,
  Problem,
  Readiness,
  rosterRpc,
  subjects,
} from "@krisstod/contracts";
import { makePrincipal, waitFor } from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshAllReadiness } from "../src/readiness/readiness.store.ts";
import { createMunicipality, type Harness, personAdder, startRoster } from "./harness.ts";

const laholm = { organisationId: "kommun-1381", roles: ["posom-lead" as const] };

describe("roster: people, call lists over NATS, readiness", () => {
  let h: Harness;
  let lead: ReturnType<Harness["as"]>;
  let sql: postgres.Sql;

  beforeAll(async () => {
    h = await startRoster();
    lead = h.as(laholm);
    sql = postgres(h.ns.databaseUrl, { max: 1, onnotice: () => {} });
    await createMunicipality(h, "kommun-1381", "Laholms kommun");
    await createMunicipality(h, "kommun-1380", "Halmstads kommun");
    await createMunicipality(h, "kommun-1278", "Båstads kommun", "12");
  });
  afterAll(async () => {
    await sql?.end();
    await h?.stop();
  });

  /** An access token as activation forwards it: the signed-in person the request is made for. */
  const tokenOf = (userId: string, organisationId = "kommun-1381") =>
    h.issuer.mint(
      makePrincipal({
        userId,
        organisationId,
        countyCode: organisationId.slice(7, 9),
        roles: ["posom-lead"],
      }),
    );

  const addPersonAs = personAdder("070-123");
  const addPerson = (body: Record<string, unknown>, as = lead, organisationId = "kommun-1381") =>
    addPersonAs(as, organisationId, body);

  it("stores phone numbers in E.164 and refuses a bad one naming the field", async () => {
    const person = await addPerson({ phones: ["070-111 22 33", "+46 35 13 70 00"] });
    expect(person.phones).toEqual(["+46701112233", "+4635137000"]);
    const bad = await lead("/organisations/kommun-1381/people", {
      method: "POST",
      json: {
        givenName: "Fel",
        familyName: "Nummer",
        role: "support-person",
        phones: ["070-111 22 34", "12345"],
      },
    });
    expect(bad.status).toBe(400);
    const problem = Problem.parse(await bad.json());
    expect(problem.errors).toEqual([expect.objectContaining({ field: "phones.1" })]);
    const again = await lead("/organisations/kommun-1381/people", {
      method: "POST",
      json: {
        givenName: "Samma",
        familyName: "Nummer",
        role: "support-person",
        phones: ["+46 70 111 22 33"],
      },
    });
    expect(again.status).toBe(409);
  });

  it("shows contact details to the organisation's own leads only", async () => {
    const person = await addPerson({});
    const ownLead = Person.parse(await (await lead(`/people/${person.id}`)).json());
    expect(ownLead.phones).toHaveLength(1);
    const member = await h.as({ organisationId: "kommun-1381", roles: ["ledningsgrupp"] })(
      `/people/${person.id}`,
    );
    expect(member.status).toBe(200);
    expect(Person.parse(await member.json()).phones).toBeNull();
    const otherLead = await h.as({ organisationId: "kommun-1380", roles: ["posom-lead"] })(
      `/people/${person.id}`,
    );
    expect(otherLead.status).toBe(403);
    expect(member.headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${h.service.url}/people/${person.id}`)).status).toBe(401);
  });

  // Webbsida: "Ring eller skicka e-post till kontaktcenter": how the public reaches POSOM.
  it("keeps how the public reaches the organisation's POSOM, its phone in E.164, changed by its own leads only", async () => {
    const set = await lead("/organisations/kommun-1381", {
      method: "PATCH",
      json: {
        publicContact: { phone: "0430-150 00", email: "kontaktcenter@laholm.example", note: "Vardagar 8–16" },
      },
    });
    expect(set.status, await set.clone().text()).toBe(200);
    const listed = (await (await lead("/organisations?county=13")).json()) as {
      id: string;
      publicContact: unknown;
    }[];
    expect(listed.find((o) => o.id === "kommun-1381")?.publicContact).toEqual({
      phone: "+4643015000",
      email: "kontaktcenter@laholm.example",
      note: "Vardagar 8–16",
    });
    const bad = await lead("/organisations/kommun-1381", {
      method: "PATCH",
      json: { publicContact: { phone: "12", email: null, note: null } },
    });
    expect(bad.status).toBe(400);
    expect(Problem.parse(await bad.json()).errors?.map((e) => e.field)).toEqual(["publicContact.phone"]);
    const other = await h.as({ organisationId: "kommun-1380", roles: ["posom-lead"] })(
      "/organisations/kommun-1381",
      {
        method: "PATCH",
        json: { publicContact: null },
      },
    );
    expect(other.status).toBe(403);
    // Cleared by its own lead, it is gone; the rest of the organisation stays.
    expect(
      (await lead("/organisations/kommun-1381", { method: "PATCH", json: { publicContact: null } })).status,
    ).toBe(200);
    const cleared = (await (await lead("/organisations?county=13")).json()) as {
      id: string;
      name: string;
      publicContact: unknown;
    }[];
    expect(cleared.find((o) => o.id === "kommun-1381")).toMatchObject({
      name: "Laholms kommun",
      publicContact: null,
    });
  });

  // Halland: "Kontakter med kommunerna tas via ordinarie larmvägar vid händelser. Dessa kontaktvägar
  // bör kommuniceras till Region Hallands TIB-funktion och andra berörda aktörer."
  it("keeps how others alert the organisation's POSOM (its larmväg), read by the region's TIB and Länsstyrelsen, changed by its own leads only", async () => {
    const alarmContact = {
      phone: "035-13 70 00",
      email: null,
      note: "Via HILL: räddningstjänstens insatsledare i beredskap, dygnet runt",
    };
    const set = await lead("/organisations/kommun-1381", { method: "PATCH", json: { alarmContact } });
    expect(set.status, await set.clone().text()).toBe(200);
    for (const reader of [
      { organisationId: "region-13", roles: ["region-tib" as const] },
      { organisationId: "lansstyrelsen-13", roles: ["county-observer" as const] },
    ]) {
      const listed = Organisation.array().parse(
        await (await h.as(reader)("/organisations?county=13")).json(),
      );
      expect(listed.find((o) => o.id === "kommun-1381")?.alarmContact).toEqual({
        ...alarmContact,
        phone: "+4635137000",
      });
    }
    // The public contact is another field: setting one leaves the other as it was.
    const both = Organisation.parse(
      await (
        await lead("/organisations/kommun-1381", {
          method: "PATCH",
          json: { publicContact: { phone: null, email: "posom@laholm.example", note: null } },
        })
      ).json(),
    );
    expect(both.alarmContact?.note).toBe(alarmContact.note);
    expect(both.publicContact?.email).toBe("posom@laholm.example");

    const bad = await lead("/organisations/kommun-1381", {
      method: "PATCH",
      json: { alarmContact: { phone: "12", email: null, note: null } },
    });
    expect(bad.status).toBe(400);
    expect(Problem.parse(await bad.json()).errors?.map((e) => e.field)).toEqual(["alarmContact.phone"]);
    const regionWrites = await h.as({ organisationId: "region-13", roles: ["region-tib"] })(
      "/organisations/kommun-1381",
      { method: "PATCH", json: { alarmContact: null } },
    );
    expect(regionWrites.status).toBe(403);
    const kept = Organisation.array().parse(await (await lead("/organisations?county=13")).json());
    expect(kept.find((o) => o.id === "kommun-1381")?.alarmContact?.phone).toBe("+4635137000");
  });

  // Laholm 3.1: "POSOMs ledningsgrupp består av representanter från Socialtjänsten, Polisen,
  // Räddningstjänsten och Svenska kyrkan. Dessa utses av respektive organisation."
  it("keeps whom the ledningsgrupp is to represent, and names on readiness each organisation nobody in it comes from", async () => {
    const halmstad = h.as({ organisationId: "kommun-1380", roles: ["posom-lead"] });
    const gapOf = async () =>
      Readiness.parse(await (await halmstad("/organisations/kommun-1380/readiness")).json()).gaps.find(
        (g) => g.code === "management-representation-missing",
      );
    expect(await gapOf()).toBeUndefined();
    await addPerson(
      { role: "coordinator", workplace: "Socialtjänsten", employer: "Halmstads kommun" },
      halmstad,
      "kommun-1380",
    );
    const set = await halmstad("/organisations/kommun-1380", {
      method: "PATCH",
      json: { managementComposition: ["Socialtjänsten", "Polisen", "Svenska kyrkan", "polisen "] },
    });
    expect(set.status, await set.clone().text()).toBe(200);
    // Each once, in the order given.
    expect(Organisation.parse(await set.json()).managementComposition).toEqual([
      "Socialtjänsten",
      "Polisen",
      "Svenska kyrkan",
    ]);
    expect(await gapOf()).toMatchObject({ points: 0, values: { organisations: "Polisen, Svenska kyrkan" } });
    await addPerson(
      { role: "management", workplace: "Lokalpolisområde Halmstad", employer: "Polismyndigheten" },
      halmstad,
      "kommun-1380",
    );
    expect((await gapOf())?.values.organisations).toBe("Svenska kyrkan");

    const bad = await halmstad("/organisations/kommun-1380", {
      method: "PATCH",
      json: { managementComposition: ["Polisen", "x"] },
    });
    expect(bad.status).toBe(400);
    expect(Problem.parse(await bad.json()).errors?.map((e) => e.field)).toEqual(["managementComposition.1"]);
    const otherOrganisation = await lead("/organisations/kommun-1380", {
      method: "PATCH",
      json: { managementComposition: [] },
    });
    expect(otherOrganisation.status).toBe(403);
    expect((await gapOf())?.values.organisations).toBe("Svenska kyrkan");
  });

  // Halland: Länsstyrelsen "Planera och sammankalla till arbetsgruppens möten, två halvdagar per år";
  // "Nätverket träffas två gånger per år".
  it("records the network's meeting as Länsstyrelsen convened it, and the meeting for each organisation that took part", async () => {
    const board = h.as({ organisationId: "lansstyrelsen-13", roles: ["county-observer"] });
    const halmstad = h.as({ organisationId: "kommun-1380", roles: ["posom-lead"] });
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const due = async (as: typeof lead, id: string, code = "network-meeting-due") =>
      Readiness.parse(await (await as(`/organisations/${id}/readiness`)).json()).gaps.some(
        (g) => g.code === code,
      );
    const record = (as: typeof lead, json: Record<string, unknown>) =>
      as("/network-meetings", { method: "POST", json });
    expect(await due(lead, "kommun-1381")).toBe(true);
    expect(await due(lead, "kommun-1381", "guideline-review-due")).toBe(true);
    expect(await due(halmstad, "kommun-1380")).toBe(true);

    // A municipality does not convene the county's network.
    expect((await record(halmstad, { on: daysAgo(1), organisations: ["kommun-1380"] })).status).toBe(403);
    const stranger = await record(board, { on: daysAgo(1), organisations: ["kommun-1381", "kommun-1278"] });
    expect(stranger.status).toBe(400);
    expect(Problem.parse(await stranger.json()).errors?.map((e) => e.field)).toEqual(["organisations"]);
    const ahead = await record(board, { on: daysAgo(-2), organisations: ["kommun-1381"] });
    expect(Problem.parse(await ahead.json()).errors?.map((e) => e.field)).toEqual(["on"]);

    const held = await record(board, {
      on: daysAgo(10),
      organisations: ["kommun-1381"],
      note: "Utvärdering av höstens övning",
      // Halland: "Riktlinjerna ses över av POSOM och PKL-nätverket en gång per år".
      guidelineReviewed: true,
    });
    expect(held.status, await held.clone().text()).toBe(201);
    expect(await due(lead, "kommun-1381")).toBe(false);
    expect(await due(lead, "kommun-1381", "guideline-review-due")).toBe(false);
    expect(await due(halmstad, "kommun-1380", "guideline-review-due")).toBe(true);
    // Halmstad did not come: still reminded.
    expect(await due(halmstad, "kommun-1380")).toBe(true);
    // A meeting recorded late, from more than a year ago, does not make Laholm's latest older.
    expect((await record(board, { on: daysAgo(400), organisations: ["kommun-1381"] })).status).toBe(201);
    expect(await due(lead, "kommun-1381")).toBe(false);
    const meetings = NetworkMeeting.array().parse(await (await halmstad("/network-meetings")).json());
    expect(meetings.map((m) => [m.on, m.organisations, m.note, m.guidelineReviewed])).toEqual([
      [daysAgo(10), ["kommun-1381"], "Utvärdering av höstens övning", true],
      [daysAgo(400), ["kommun-1381"], null, false],
    ]);
  });

  it("answers the call list over NATS in order, without inactive or unavailable people", async () => {
    const org = "kommun-1380";
    const halmstad = h.as({ organisationId: org, roles: ["posom-lead"] });
    const a = await addPerson({ givenName: "Anna" }, halmstad, org);
    const b = await addPerson({ givenName: "Bertil" }, halmstad, org);
    const c = await addPerson({ givenName: "Cecilia", active: false }, halmstad, org);
    const d = await addPerson({ givenName: "David" }, halmstad, org);
    const order = await halmstad(`/organisations/${org}/call-lists/support-persons`, {
      method: "PUT",
      json: { personIds: [d.id, c.id, b.id, a.id] },
    });
    expect(order.status).toBe(200);
    const now = Date.now();
    const away = await halmstad(`/people/${d.id}/unavailability`, {
      method: "POST",
      json: {
        from: new Date(now - 3600_000).toISOString(),
        to: new Date(now + 86_400_000).toISOString(),
        reason: "holiday",
      },
    });
    expect(away.status).toBe(201);
    await halmstad(`/organisations/${org}/neighbours`, {
      method: "PUT",
      json: { neighbours: ["kommun-1381"] },
    });

    const ask = async (at?: string, caller = "kommun-1380.posom-lead", callerOrganisation = org) =>
      requestRpc({
        nc: h.nc,
        subject: subjects.rpc(h.ns.natsNamespace, "roster", rosterRpc.callList),
        body: { organisationId: org, group: "support-persons", ...(at ? { at } : {}) },
        response: CallListResponse,
        token: await tokenOf(caller, callerOrganisation),
      });
    const [{ n: auditBefore } = { n: 0 }] = await sql<{ n: number }[]>`
      select coalesce(max(id), 0)::int as n from roster.audit_log`;
    const list = await ask();
    // Each person's contact details read, audited under the signed-in person the call was for.
    const audited = await sql<{ actor: string; subject: string; action: string }[]>`
      select actor_user_id as actor, subject_id as subject, action from roster.audit_log
      where id > ${auditBefore} order by id`;
    expect(audited.map((r) => [r.actor, r.action])).toEqual(
      list.entries.map(() => ["kommun-1380.posom-lead", "read"]),
    );
    expect(audited.map((r) => r.subject).sort()).toEqual(list.entries.map((e) => e.personId).sort());
    // Without a token, or for a person outside the county who is no neighbour, it is refused.
    await expect(
      requestRpc({
        nc: h.nc,
        subject: subjects.rpc(h.ns.natsNamespace, "roster", rosterRpc.callList),
        body: { organisationId: org },
        response: CallListResponse,
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(ask(undefined, "stockholm-lead", "kommun-0180")).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(list.entries.map((e) => e.name)).toEqual(["Bertil Testsson", "Anna Testsson"]);
    expect(list.entries.map((e) => e.position)).toEqual([3, 4]);
    expect(list.entries[0]?.phones[0]).toMatch(/^\+46/);
    expect(list.skipped).toEqual({ unavailable: 1, inactive: 1 });
    expect(list.neighbours).toEqual(["kommun-1381"]);
    // After the holiday David is first again.
    const later = await ask(new Date(now + 2 * 86_400_000).toISOString());
    expect(later.entries.map((e) => e.name)).toEqual(["David Testsson", "Bertil Testsson", "Anna Testsson"]);

    await expect(
      requestRpc({
        nc: h.nc,
        subject: subjects.rpc(h.ns.natsNamespace, "roster", rosterRpc.callList),
        body: { organisationId: "kommun-9999" },
        response: CallListResponse,
        token: await tokenOf("kommun-1380.posom-lead", "kommun-1380"),
      }),
    ).rejects.toBeInstanceOf(RpcError);
  });

  it("answers who may activate over NATS: the functions and the people holding them", async () => {
    const set = await lead("/organisations/kommun-1381/authorised-functions", {
      method: "PUT",
      json: {
        functions: [
          // Laholm 3.1: these "har befogenhet att besluta om aktivering av POSOMs ledningsgrupp".
          { title: "Kommunchef", groups: ["management", "management"] },
          "Förvaltningschef socialtjänsten",
          "Insatsledare Räddningstjänsten",
          // Laholm 3.1: the police activate "i samband med polisiär insats" only.
          { title: "Polisinsatschef", onlyDuring: "police-operation" },
        ],
      },
    });
    expect(set.status).toBe(200);
    const chief = await addPerson({
      givenName: "Karin",
      role: "activator",
      activatorFunctionId: "kommunchef",
      userId: "kommun-1381.activator",
    });
    const refused = await lead("/organisations/kommun-1381/people", {
      method: "POST",
      json: { givenName: "X", familyName: "Y", role: "activator", activatorFunctionId: "brandman" },
    });
    expect(refused.status).toBe(400);
    const answer = await requestRpc({
      nc: h.nc,
      subject: subjects.rpc(h.ns.natsNamespace, "roster", rosterRpc.activators),
      body: { organisationId: "kommun-1381" },
      response: AuthorisedActivatorsResponse,
      token: await tokenOf("kommun-1381.posom-lead"),
    });
    expect(answer.functions.map((f) => [f.id, f.onlyDuring, f.groups])).toEqual([
      ["kommunchef", null, ["management"]],
      ["forvaltningschef-socialtjansten", null, null],
      ["insatsledare-raddningstjansten", null, null],
      ["polisinsatschef", "police-operation", null],
    ]);
    expect(answer.persons).toEqual([
      expect.objectContaining({ personId: chief.id, functionId: "kommunchef", functionTitle: "Kommunchef" }),
    ]);
    expect(answer.signedIn).toBeUndefined();
    const signedIn = async (loginSubject: string, caller = loginSubject) =>
      requestRpc({
        nc: h.nc,
        subject: subjects.rpc(h.ns.natsNamespace, "roster", rosterRpc.activators),
        body: { organisationId: "kommun-1381", loginSubject },
        response: AuthorisedActivatorsResponse,
        token: await tokenOf(caller),
      }).then((a) => a.signedIn);
    expect(await signedIn("kommun-1381.activator")).toEqual({
      personId: chief.id,
      name: "Karin Testsson",
      role: "activator",
      functionId: "kommunchef",
    });
    expect(await signedIn("someone-else")).toBeNull();
    // A body that names another person than the verified caller is refused: nobody learns
    // through roster whether someone else holds an authorised function.
    await expect(signedIn("kommun-1381.activator", "someone-else")).rejects.toMatchObject({
      name: "RpcError",
      code: "forbidden",
    });
  });

  it("gives every authorised function a valid id, and refuses a title without a letter or digit", async () => {
    const halmstad = h.as({ organisationId: "kommun-1380", roles: ["posom-lead"] });
    const put = (functions: string[]) =>
      halmstad("/organisations/kommun-1380/authorised-functions", { method: "PUT", json: { functions } });
    const junk = await put(["Kommunchef", "!!"]);
    expect(junk.status).toBe(400);
    expect(Problem.parse(await junk.json()).errors?.map((e) => e.field)).toEqual(["functions.1"]);
    // A title in another script has no Latin letters to make an id from; it gets a hashed one.
    expect((await put(["Kommunchef", "مدير الأزمات"])).status).toBe(200);
    const holder = await addPerson(
      {
        givenName: "Samir",
        role: "activator",
        activatorFunctionId: "kommunchef",
        userId: "kommun-1380.samir",
      },
      halmstad,
      "kommun-1380",
    );
    // Found by the long fuzz run: an empty id made every activators request of the organisation
    // fail the response contract (a decision or "my assignments" then answered 503).
    const answer = await requestRpc({
      nc: h.nc,
      subject: subjects.rpc(h.ns.natsNamespace, "roster", rosterRpc.activators),
      body: { organisationId: "kommun-1380", loginSubject: "kommun-1380.samir" },
      response: AuthorisedActivatorsResponse,
      token: await tokenOf("kommun-1380.samir", "kommun-1380"),
    });
    expect(answer.functions.map((f) => f.id)).toEqual([
      "kommunchef",
      expect.stringMatching(/^f-[0-9a-f]{12}$/),
    ]);
    expect(answer.signedIn?.personId).toBe(holder.id);
  });

  // Enköping: "Är förvaltningschef vid socialförvaltningen ej nåbar kan tjänsteman i beredskap (TiB)
  // eller ansvarig för kommunens krisledning (stabschef) aktivera POSOM-insats."
  it("keeps which authorised function stands in for which, and refuses a stand-in for a function not on the list (Enköping)", async () => {
    const halmstad = h.as({ organisationId: "kommun-1380", roles: ["posom-lead"] });
    const put = (functions: unknown[]) =>
      halmstad("/organisations/kommun-1380/authorised-functions", { method: "PUT", json: { functions } });
    const wrong = await put(["Förvaltningschef socialtjänsten", { title: "TiB", standsInFor: "Kommunchef" }]);
    expect(wrong.status).toBe(422);
    expect(Problem.parse(await wrong.json()).errors?.map((e) => e.field)).toEqual([
      "functions.1.standsInFor",
    ]);
    const set = await put([
      "Förvaltningschef socialtjänsten",
      { title: "Tjänsteman i beredskap (TiB)", standsInFor: "Förvaltningschef socialtjänsten" },
      { title: "Stabschef", standsInFor: "Förvaltningschef socialtjänsten" },
    ]);
    expect(set.status).toBe(200);
    const answer = await requestRpc({
      nc: h.nc,
      subject: subjects.rpc(h.ns.natsNamespace, "roster", rosterRpc.activators),
      body: { organisationId: "kommun-1380" },
      response: AuthorisedActivatorsResponse,
      token: await tokenOf("kommun-1380.posom-lead", "kommun-1380"),
    });
    expect(answer.functions).toEqual([
      {
        id: "forvaltningschef-socialtjansten",
        title: "Förvaltningschef socialtjänsten",
        standsInFor: null,
        onlyDuring: null,
        groups: null,
      },
      {
        id: "tjansteman-i-beredskap-tib",
        title: "Tjänsteman i beredskap (TiB)",
        standsInFor: "forvaltningschef-socialtjansten",
        onlyDuring: null,
        groups: null,
      },
      {
        id: "stabschef",
        title: "Stabschef",
        standsInFor: "forvaltningschef-socialtjansten",
        onlyDuring: null,
        groups: null,
      },
    ]);
  });

  it("computes readiness for a constructed organisation and publishes each change through the outbox", async () => {
    await createMunicipality(h, "kommun-1315", "Hylte kommun");
    const hylte = h.as({ organisationId: "kommun-1315", roles: ["posom-lead"] });
    const people: string[] = [];
    // 10 support persons: 6 at one workplace, 4 at another.
    for (let i = 0; i < 10; i++) {
      const p = await addPerson({ workplace: i < 6 ? "Elevhälsan" : "Äldreomsorgen" }, hylte, "kommun-1315");
      people.push(p.id);
    }
    const coordinator = await addPerson({ role: "coordinator" }, hylte, "kommun-1315");
    const readiness = async () =>
      Readiness.parse(await (await hylte("/organisations/kommun-1315/readiness")).json());
    const before = await readiness();
    expect(before.figures).toMatchObject({
      supportPersons: 10,
      supportPersonTarget: 20,
      workplaces: 2,
      largestWorkplaceShare: 0.6,
      trainedShare: 0,
      managementMembers: 1,
      coordinator: true,
      managementComplete: false,
      callListReviewedRecently: false,
    });
    expect(before.gaps.map((g) => g.code).sort()).toEqual(
      [
        "call-list-not-reviewed",
        "action-plan-not-reviewed",
        "guideline-review-due",
        "network-meeting-due",
        "training-plan-due",
        "steering-document-review-due",
        "pkl-adjunct-due",
        "management-competence-missing",
        "management-too-small",
        "support-persons-below-target",
        "training-outdated",
        "workplace-concentration",
        "workplaces-too-few",
      ].sort(),
    );
    // 100 - 15 (half the support persons) - 5 (2 of 4 workplaces) - 5 (concentration) - 25 (nobody trained)
    //     - 5 (too small) - 10 (no management competence) - 10 (never reviewed) = 25
    expect(before.score).toBe(25);
    expect(before.level).toBe("insufficient");

    // A training last month for 8 of 11, and a review: the share trained and the review gap change.
    const training = await hylte("/trainings", {
      method: "POST",
      json: {
        organisationId: "kommun-1315",
        title: "Grundutbildning krisstöd",
        kind: "half-day",
        date: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
        organiser: "Hylte kommun",
        covers: [{ item: "support-person-1", level: "awareness" }],
        attendeeIds: [...people.slice(0, 7), coordinator.id],
      },
    });
    expect(training.status).toBe(201);
    expect((await hylte("/organisations/kommun-1315/call-lists/review", { method: "POST" })).status).toBe(
      200,
    );
    const after = await readiness();
    expect(after.figures.trainedShare).toBe(0.73);
    expect(after.figures.callListReviewedRecently).toBe(true);
    expect(after.gaps.map((g) => g.code)).not.toContain("call-list-not-reviewed");
    // training: 25 * (1 - 0.727/0.8) = 2.3 lost instead of 25; review no longer lost.
    expect(after.score).toBe(25 + 25 - 2 + 10);

    const events = await waitFor(async () => {
      const rows = await sql<{ payload: { data: { score: number; previousScore: number | null } } }[]>`
        select payload from roster.outbox
        where subject like ${`%.kommun-1315.roster.readiness-changed`} and published_at is not null
        order by seq`;
      return rows.length > 0 && rows.at(-1)?.payload.data.score === after.score ? rows : undefined;
    });
    expect(events.at(-1)?.payload.data.previousScore).not.toBe(after.score);
    // Every event is parsed on its way in: no contact details in any roster event.
    const all = await sql<{ payload: unknown }[]>`select payload from roster.outbox`;
    expect(JSON.stringify(all)).not.toMatch(/\+46\d{6,}/);

    // A yearly duty recorded (Halland: "Riktlinjerna ses över … en gång per år"): its reminder goes.
    const reviewed = await hylte("/organisations/kommun-1315/yearly-duties", {
      method: "POST",
      json: { duty: "guideline-review" },
    });
    expect(reviewed.status).toBe(200);
    const wrong = await hylte("/organisations/kommun-1315/yearly-duties", {
      method: "POST",
      json: { duty: "party" },
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(await wrong.json())).toContain('"field":"duty"');
    const duties = (await readiness()).gaps.map((g) => g.code);
    expect(duties).not.toContain("guideline-review-due");
    expect(duties).toContain("network-meeting-due");
    // Laholm 2: the steering document, tried by the social committee, recorded the same way.
    expect(duties).toContain("steering-document-review-due");
    const tried = await hylte("/organisations/kommun-1315/yearly-duties", {
      method: "POST",
      json: { duty: "steering-document-review" },
    });
    expect(tried.status).toBe(200);
    expect((await readiness()).gaps.map((g) => g.code)).not.toContain("steering-document-review-due");
    // Recorded on an earlier day it counts from that day; a day still to come is refused, naming it.
    const longAgo = await hylte("/organisations/kommun-1315/yearly-duties", {
      method: "POST",
      json: { duty: "steering-document-review", on: "2021-03-01" },
    });
    expect(longAgo.status).toBe(200);
    expect((await readiness()).gaps.map((g) => g.code)).toContain("steering-document-review-due");
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const ahead = await hylte("/organisations/kommun-1315/yearly-duties", {
      method: "POST",
      json: { duty: "steering-document-review", on: tomorrow },
    });
    expect(ahead.status).toBe(400);
    expect(Problem.parse(await ahead.json()).errors?.map((e) => e.field)).toEqual(["on"]);
    expect((await readiness()).gaps.map((g) => g.code)).toContain("steering-document-review-due");
    // Halland: a PKL representative co-opted twice a year; a visit seven months ago is due again.
    const coOpted = async (on: string) =>
      hylte("/organisations/kommun-1315/yearly-duties", {
        method: "POST",
        json: { duty: "pkl-adjunct", on },
      });
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    expect((await coOpted(daysAgo(210))).status).toBe(200);
    expect((await readiness()).gaps.map((g) => g.code)).toContain("pkl-adjunct-due");
    expect((await coOpted(daysAgo(30))).status).toBe(200);
    expect((await readiness()).gaps.map((g) => g.code)).not.toContain("pkl-adjunct-due");
  });

  it("reads a call list through its index, not by scanning every organisation's lists", async () => {
    const plan = await sql.begin(async (tx) => {
      // The tables are tiny here, so make the planner show what it would do at 290 × 40 people.
      await tx`set local enable_seqscan = off`;
      return tx<{ "QUERY PLAN": string }[]>`
        explain select person_id from roster.call_list_entries
        where organisation_id = 'kommun-1380' and "group" = 'support-persons' order by position`;
    });
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/Index (Only )?Scan using call_list_position_idx/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it("publishes a readiness change that comes with time alone, once", async () => {
    const { database, outbox } = h.service.context;
    const changes = async () =>
      (
        await sql<{ n: number }[]>`select count(*)::int as n from roster.outbox
          where subject like '%.kommun-1315.roster.readiness-changed'`
      )[0]?.n ?? 0;
    const before = await changes();
    // Seven months on, Hylte's call-list review is no longer recent.
    const later = new Date(Date.now() + 210 * 86_400_000);
    await refreshAllReadiness(database.db, outbox, later);
    expect(await changes()).toBe(before + 1);
    const [last] = await sql<{ payload: { data: { gaps: string[] } } }[]>`select payload from roster.outbox
      where subject like '%.kommun-1315.roster.readiness-changed' order by seq desc limit 1`;
    expect(last?.payload.data.gaps).toContain("call-list-not-reviewed");
    await refreshAllReadiness(database.db, outbox, later);
    expect(await changes()).toBe(before + 1);
  });
});
