import {
  CompetencePlan,
  Person,
  PersonCompetence,
  Problem,
  Readiness,
  TrainingListed,
  TrainingWithAttendees,
} from "@krisstod/contracts";
import { waitFor } from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { countyAdmin, createMunicipality, type Harness, personAdder, startRoster } from "./harness.ts";

const laholmLead = { organisationId: "kommun-1381", roles: ["posom-lead" as const] };
const halmstadLead = { organisationId: "kommun-1380", roles: ["posom-lead" as const] };
const bastadLead = { organisationId: "kommun-1278", countyCode: "12", roles: ["posom-lead" as const] };

const day = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const year = new Date().getUTCFullYear();
const lastMonth = isoDay(Date.now() - 30 * day);

describe("roster: competence plan, joint trainings and manager approval (Laholm 3.2, 3.5, 3.6)", () => {
  let h: Harness;
  let sql: postgres.Sql;

  beforeAll(async () => {
    h = await startRoster();
    sql = postgres(h.ns.databaseUrl, { max: 1, onnotice: () => {} });
    await createMunicipality(h, "kommun-1381", "Laholms kommun");
    await createMunicipality(h, "kommun-1380", "Halmstads kommun");
    await createMunicipality(h, "kommun-1278", "Båstads kommun", "12");
    const board = await h.as(countyAdmin)("/organisations", {
      method: "POST",
      json: {
        id: "lansstyrelsen-13",
        name: "Länsstyrelsen i Hallands län",
        kind: "county-board",
        countyCode: "13",
      },
    });
    expect(board.status, await board.clone().text()).toBe(201);
  });
  afterAll(async () => {
    await sql?.end();
    await h?.stop();
  });

  const addPersonAs = personAdder("070-234");
  /** A person added by the organisation's own POSOM lead. */
  const addPerson = (organisationId: string, body: Record<string, unknown>) =>
    addPersonAs(
      h.as({
        organisationId,
        countyCode: organisationId === "kommun-1278" ? "12" : "13",
        roles: ["posom-lead"],
      }),
      organisationId,
      body,
    );

  async function recordTraining(as: ReturnType<Harness["as"]>, body: Record<string, unknown>) {
    const response = await as("/trainings", {
      method: "POST",
      json: { kind: "half-day", covers: [], attendeeIds: [], ...body },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return TrainingWithAttendees.parse(await response.json());
  }

  async function planOf(as: ReturnType<Harness["as"]>, organisationId: string, forYear = year) {
    const response = await as(`/organisations/${organisationId}/competence-plan?year=${forYear}`);
    expect(response.status, await response.clone().text()).toBe(200);
    return CompetencePlan.parse(await response.json());
  }

  /** The plan's needs as `item → people below the level`, the way the plan reads on paper. */
  const needsOf = (plan: CompetencePlan) =>
    Object.fromEntries(plan.needs.map((need) => [need.item, need.peopleBelow]));

  async function readinessOf(as: ReturnType<Harness["as"]>, organisationId: string) {
    const response = await as(`/organisations/${organisationId}/readiness`);
    expect(response.status, await response.clone().text()).toBe(200);
    return Readiness.parse(await response.json());
  }

  // Laholm 3.2: "En planering för kompetenshöjande åtgärder både för ledningsgrupp och stödpersoner
  // ska årligen tas fram."
  it("En planering för kompetenshöjande åtgärder … ska årligen tas fram: the competence plan counts who was never trained, who is due for a refresher and who is below each item, and follows the trainings recorded", async () => {
    const org = "kommun-1381";
    const lead = h.as(laholmLead);
    const coordinator = await addPerson(org, { givenName: "Sara", role: "coordinator" });
    const manager = await addPerson(org, { givenName: "Leif", role: "management" });
    const anna = await addPerson(org, { givenName: "Anna" });
    const bertil = await addPerson(org, { givenName: "Bertil" });
    const cecilia = await addPerson(org, { givenName: "Cecilia" });
    // Neither an inactive support person nor someone who only activates is planned for.
    await addPerson(org, { givenName: "Doris", active: false });
    await addPerson(org, { givenName: "Kerstin", role: "activator", phones: [] });
    // Cecilia's only training is three years old.
    const oldTraining = `${year - 3}-06-15`;
    await recordTraining(lead, {
      organisationId: org,
      title: "Grundutbildning krisstöd",
      date: oldTraining,
      organiser: "Laholms kommun",
      covers: [{ item: "support-person-1", level: "awareness" }],
      attendeeIds: [cecilia.id],
    });

    const before = await planOf(lead, org);
    expect(before).toMatchObject({
      organisationId: org,
      year,
      members: 5,
      neverTrained: 4,
      dueForRefresher: 1,
    });
    // Both the ledningsgrupp's five items and the support persons' four are planned for.
    expect(needsOf(before)).toEqual({
      "management-1": 2,
      "management-2": 2,
      "management-3": 2,
      "management-4": 2,
      "management-5": 2,
      "support-person-1": 2,
      "support-person-2": 3,
      "support-person-3": 3,
      "support-person-4": 3,
    });
    expect(before.needs.find((need) => need.item === "support-person-4")).toMatchObject({
      profile: "support-person",
      text: "Kunna praktisera krisstöd i aktuell händelse",
      required: "application",
    });
    expect(before.needs.find((need) => need.item === "management-5")).toMatchObject({
      profile: "management",
      required: "synthesis",
    });
    // Who exactly needs what is each person's standing against the profile.
    const standing = async (personId: string) =>
      PersonCompetence.parse(await (await lead(`/people/${personId}/competence`)).json());
    const ceciliaBefore = await standing(cecilia.id);
    expect(ceciliaBefore.lastTrainedOn).toBe(oldTraining);
    expect(ceciliaBefore.items.filter((i) => !i.met).map((i) => i.item)).toEqual([
      "support-person-2",
      "support-person-3",
      "support-person-4",
    ]);
    const annaBefore = await standing(anna.id);
    expect(annaBefore).toMatchObject({ trainingsAttended: 0, lastTrainedOn: null });
    expect(annaBefore.items.every((i) => !i.met)).toBe(true);

    // Last month's training for Anna, Bertil and the coordinator.
    const covers = [
      { item: "support-person-1", level: "awareness" },
      { item: "support-person-2", level: "awareness" },
      { item: "support-person-3", level: "understanding" },
      { item: "management-1", level: "knowledge" },
      { item: "management-2", level: "understanding" },
    ];
    const recent = await recordTraining(lead, {
      organisationId: org,
      title: "Krisstöd i praktiken",
      date: lastMonth,
      organiser: "Laholms kommun",
      covers,
      attendeeIds: [anna.id, bertil.id, coordinator.id],
    });
    const afterTraining = await planOf(lead, org);
    expect(afterTraining).toMatchObject({ members: 5, neverTrained: 1, dueForRefresher: 1 });
    expect(needsOf(afterTraining)).toEqual({
      "management-1": 1,
      "management-2": 1,
      "management-3": 2,
      "management-4": 2,
      "management-5": 2,
      "support-person-2": 1,
      "support-person-3": 1,
      "support-person-4": 3,
    });
    expect((await standing(anna.id)).items.filter((i) => !i.met).map((i) => i.item)).toEqual([
      "support-person-4",
    ]);

    // Cecilia and Leif are recorded afterwards as having attended too: nobody is left untrained or
    // due, and only what no training gave is still needed.
    const attendees = await lead(`/trainings/${recent.id}/attendees`, {
      method: "POST",
      json: { personIds: [cecilia.id, manager.id] },
    });
    expect(attendees.status, await attendees.clone().text()).toBe(200);
    expect(TrainingWithAttendees.parse(await attendees.json()).attendeeIds.sort()).toEqual(
      [anna.id, bertil.id, coordinator.id, cecilia.id, manager.id].sort(),
    );
    const afterAttendees = await planOf(lead, org);
    expect(afterAttendees).toMatchObject({ members: 5, neverTrained: 0, dueForRefresher: 0 });
    expect(needsOf(afterAttendees)).toEqual({
      "management-3": 2,
      "management-4": 2,
      "management-5": 2,
      "support-person-4": 3,
    });

    // A training later this year is in the plan as planned; last month's is not.
    const planned = await recordTraining(lead, {
      organisationId: org,
      title: "Övning stödcentrum",
      kind: "exercise",
      date: `${year}-12-31`,
      organiser: "Laholms kommun",
      covers: [{ item: "support-person-4", level: "application" }],
    });
    const withPlanned = await planOf(lead, org);
    expect(withPlanned.plannedTrainings.map((t) => [t.id, t.title, t.date])).toEqual([
      [planned.id, "Övning stödcentrum", `${year}-12-31`],
    ]);
    // A training booked for later, with people already signed up, is not yet their competence.
    const booked = await recordTraining(lead, {
      organisationId: org,
      title: "Stödsamtal, fortsättning",
      kind: "half-day",
      date: `${year + 1}-01-15`,
      organiser: "Laholms kommun",
      covers: [{ item: "support-person-4", level: "application" }],
    });
    const signedUp = await lead(`/trainings/${booked.id}/attendees`, {
      method: "POST",
      json: { personIds: [anna.id, bertil.id, cecilia.id] },
    });
    expect(signedUp.status, await signedUp.clone().text()).toBe(200);
    expect(needsOf(await planOf(lead, org))["support-person-4"]).toBe(3);
    const annaNow = PersonCompetence.parse(await (await lead(`/people/${anna.id}/competence`)).json());
    expect(annaNow.items.find((i) => i.item === "support-person-4")).toMatchObject({ met: false });

    // Halland's rhythm: a full-day county training one year, a half-day the next.
    expect(withPlanned.countyTraining).not.toBe((await planOf(lead, org, year + 1)).countyTraining);

    // The plan is the ledningsgrupp's: another municipality's lead and a support person cannot read it.
    expect((await h.as(halmstadLead)(`/organisations/${org}/competence-plan`)).status).toBe(403);
    expect(
      (
        await h.as({ organisationId: org, roles: ["support-person"] })(
          `/organisations/${org}/competence-plan`,
        )
      ).status,
    ).toBe(403);

    // Once the plan is made for the year, the readiness screen stops reminding of it.
    expect((await readinessOf(lead, org)).gaps.map((g) => g.code)).toContain("training-plan-due");
    const done = await lead(`/organisations/${org}/yearly-duties`, {
      method: "POST",
      json: { duty: "training-plan" },
    });
    expect(done.status).toBe(200);
    expect((await readinessOf(lead, org)).gaps.map((g) => g.code)).not.toContain("training-plan-due");
  });

  // Laholm 3.6: "Samverkan resulterar i nätverk för kompetens- och erfarenhetsutbyte samt gemensamma
  // utbildningsinsatser."
  it("gemensamma utbildningsinsatser: a joint regional training counts in each attending organisation's plan, competence and published readiness, without showing one organisation the other's people", async () => {
    const board = h.as(countyAdmin);
    const halmstad = h.as(halmstadLead);
    const laholm = h.as(laholmLead);
    const bastad = h.as(bastadLead);
    const helga = await addPerson("kommun-1380", { givenName: "Helga", workplace: "Elevhälsan" });
    const hugo = await addPerson("kommun-1380", { givenName: "Hugo", workplace: "Äldreomsorgen" });
    const lars = await addPerson("kommun-1381", { givenName: "Lars", workplace: "Räddningstjänsten" });
    const halmstadBefore = await planOf(halmstad, "kommun-1380");
    const laholmBefore = await planOf(laholm, "kommun-1381");
    expect(halmstadBefore).toMatchObject({ members: 2, neverTrained: 2 });
    expect(needsOf(halmstadBefore)["support-person-1"]).toBe(2);

    // Länsstyrelsen holds the regional training; one of Halmstad's and one of Laholm's attend.
    const joint = await recordTraining(board, {
      organisationId: "lansstyrelsen-13",
      title: "Regional utbildning POSOM och PKL",
      kind: "full-day",
      date: lastMonth,
      organiser: "Länsstyrelsen i Hallands län",
      covers: [
        { item: "support-person-1", level: "awareness" },
        { item: "support-person-2", level: "awareness" },
      ],
      attendeeIds: [helga.id, lars.id],
    });

    // It counts for each organisation whose people attended.
    const halmstadAfter = await planOf(halmstad, "kommun-1380");
    expect(halmstadAfter).toMatchObject({ members: 2, neverTrained: 1 });
    expect(needsOf(halmstadAfter)["support-person-1"]).toBe(1);
    const laholmAfter = await planOf(laholm, "kommun-1381");
    expect(laholmAfter.members).toBe(laholmBefore.members);
    expect(laholmAfter.neverTrained).toBe(laholmBefore.neverTrained - 1);
    const helgaStanding = PersonCompetence.parse(
      await (await halmstad(`/people/${helga.id}/competence`)).json(),
    );
    expect(helgaStanding).toMatchObject({ trainingsAttended: 1, lastTrainedOn: lastMonth });
    expect(helgaStanding.items.filter((i) => i.met).map((i) => i.item)).toEqual([
      "support-person-1",
      "support-person-2",
    ]);
    expect((await readinessOf(halmstad, "kommun-1380")).figures.trainedShare).toBe(0.5);
    // The county picture learns it too: Halmstad's readiness change is published, not only the
    // organiser's.
    const published = await waitFor(async () => {
      const [last] = await sql<{ payload: { data: { figures: { trainedShare: number } } } }[]>`
        select payload from roster.outbox
        where subject like '%.kommun-1380.roster.readiness-changed' and published_at is not null
        order by seq desc limit 1`;
      return last?.payload.data.figures.trainedShare === 0.5 ? last : undefined;
    });
    expect(published.payload.data.figures.trainedShare).toBe(0.5);

    // Each organisation lists the training with how many of its own came; no names, no ids.
    const listed = async (as: ReturnType<Harness["as"]>, organisationId: string) => {
      const response = await as(`/organisations/${organisationId}/trainings`);
      expect(response.status).toBe(200);
      const text = await response.text();
      return { text, trainings: z.array(TrainingListed).parse(JSON.parse(text)) };
    };
    const inHalmstad = await listed(halmstad, "kommun-1380");
    expect(inHalmstad.trainings.find((t) => t.id === joint.id)).toMatchObject({
      attendees: 2,
      ownAttendees: 1,
      organisationId: "lansstyrelsen-13",
    });
    const inLaholm = await listed(laholm, "kommun-1381");
    expect(inLaholm.trainings.find((t) => t.id === joint.id)).toMatchObject({
      attendees: 2,
      ownAttendees: 1,
    });
    expect(inLaholm.text).not.toContain(helga.id);
    expect(inLaholm.text).not.toContain("Helga");
    expect(inHalmstad.text).not.toContain(lars.id);
    // Båstad, in another county, had nobody there and does not see it.
    expect((await listed(bastad, "kommun-1278")).trainings.map((t) => t.id)).not.toContain(joint.id);
    // Nor can Båstad's lead record a training for Halmstad's people (another county's roster).
    const foreign = await bastad("/trainings", {
      method: "POST",
      json: {
        organisationId: "kommun-1278",
        title: "Utbildning i Båstad",
        kind: "half-day",
        date: lastMonth,
        organiser: "Båstads kommun",
        covers: [{ item: "support-person-1", level: "awareness" }],
        attendeeIds: [hugo.id],
      },
    });
    expect(foreign.status).toBe(422);
    expect(Problem.parse(await foreign.json())).toMatchObject({
      code: "attendee-other-county",
      errors: [{ field: "attendeeIds.0" }],
    });
    // Having trained together opens nothing of the other's roster.
    expect((await laholm(`/people/${helga.id}`)).status).toBe(403);
    expect((await laholm(`/people/${helga.id}/competence`)).status).toBe(403);
    expect((await laholm("/organisations/kommun-1380/competence-plan")).status).toBe(403);
    expect((await halmstad(`/people/${lars.id}/competence`)).status).toBe(403);
    // Hugo did not attend: Halmstad still plans for him.
    const hugoStanding = PersonCompetence.parse(
      await (await halmstad(`/people/${hugo.id}/competence`)).json(),
    );
    expect(hugoStanding.trainingsAttended).toBe(0);
  });

  // Laholm 3.5: "Personer i POSOM som har annan arbetsgivare måste ha ett godkännande av sin chef om
  // att denne står för ersättning i samband med träffar eller utbildningsinsatser."
  it("Personer i POSOM som har annan arbetsgivare måste ha ett godkännande av sin chef: readiness names the people employed elsewhere without their manager's approval until it is recorded", async () => {
    const org = "kommun-1380";
    const halmstad = h.as(halmstadLead);
    const gap = async () =>
      (await readinessOf(halmstad, org)).gaps.find((g) => g.code === "manager-approval-missing");
    expect(await gap()).toBeUndefined();

    // Employed by the municipality itself (named, in any case, or left empty): no approval needed.
    await addPerson(org, { givenName: "Ingrid", employer: "Halmstads kommun" });
    await addPerson(org, { givenName: "Ivar", employer: "  halmstads KOMMUN " });
    await addPerson(org, { givenName: "Iris", employer: "" });
    expect(await gap()).toBeUndefined();

    // A deacon of Svenska kyrkan without her manager's approval.
    const deacon = await addPerson(org, { givenName: "Maria", employer: "Svenska kyrkan Halmstad" });
    const one = await gap();
    expect(one).toMatchObject({
      message: "1 person med annan arbetsgivare saknar chefens godkännande.",
      values: { people: 1 },
    });
    // The rule is about everyone in POSOM: a police officer in the ledningsgrupp too, and an
    // explicit "no" is no approval.
    const officer = await addPerson(org, {
      givenName: "Per",
      role: "management",
      employer: "Polisregion Väst",
      managerApproval: false,
    });
    expect(await gap()).toMatchObject({
      message: "2 personer med annan arbetsgivare saknar chefens godkännande.",
      values: { people: 2 },
    });
    // Someone with approval already, and someone no longer active, are not counted.
    await addPerson(org, { givenName: "Rut", employer: "Räddningstjänsten Väst", managerApproval: true });
    await addPerson(org, { givenName: "Olof", employer: "Region Halland", active: false });
    expect((await gap())?.values).toEqual({ people: 2 });

    // The deacon's manager approves: the approval alone is recorded, the rest of her record stays.
    const approve = async (personId: string, managerApproval: boolean) => {
      const shown = Person.parse(await (await halmstad(`/people/${personId}`)).json());
      const response = await halmstad(`/people/${personId}`, { method: "PATCH", json: { managerApproval } });
      expect(response.status, await response.clone().text()).toBe(200);
      const kept = Person.parse(await (await halmstad(`/people/${personId}`)).json());
      expect(kept).toMatchObject({ managerApproval, employer: shown.employer, phones: shown.phones });
    };
    await approve(deacon.id, true);
    expect((await gap())?.values).toEqual({ people: 1 });
    await approve(officer.id, true);
    expect(await gap()).toBeUndefined();
    // An approval withdrawn counts as missing again.
    await approve(deacon.id, false);
    expect((await gap())?.values).toEqual({ people: 1 });
    // The county board sees the gap on the county picture as well.
    const county = await h.as(countyAdmin)(`/organisations/${org}/readiness`);
    expect(county.status).toBe(200);
    expect(Readiness.parse(await county.json()).gaps.map((g) => g.code)).toContain(
      "manager-approval-missing",
    );
  });
  // A PATCH changes the fields it names only. With zod 4 a field's default applied inside
  // `.partial()`, so recording the approval alone emptied the employer (which also made the approval
  // look unneeded), the workplace and the phones, unlinked the sign-in and reactivated the person.
  it("recording only the manager's approval (PATCH { managerApproval: true }) keeps the rest of the person's record", async () => {
    const org = "kommun-1380";
    const halmstad = h.as(halmstadLead);
    const person = await addPerson(org, {
      givenName: "Vera",
      workplace: "Diakonin",
      employer: "Svenska kyrkan Halmstad",
      phones: ["070-987 65 43"],
      email: "vera@example.se",
      languages: ["sv", "ar"],
      userId: "kommun-1380.vera",
      active: false,
    });
    const patched = await halmstad(`/people/${person.id}`, {
      method: "PATCH",
      json: { managerApproval: true },
    });
    expect(patched.status).toBe(200);
    expect(Person.parse(await (await halmstad(`/people/${person.id}`)).json())).toMatchObject({
      managerApproval: true,
      employer: "Svenska kyrkan Halmstad",
      workplace: "Diakonin",
      phones: ["+46709876543"],
      email: "vera@example.se",
      languages: ["sv", "ar"],
      active: false,
    });
  });
});
