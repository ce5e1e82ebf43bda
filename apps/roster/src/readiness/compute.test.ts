import { describe, expect, it } from "vitest";
import { computeReadiness, type ReadinessMember } from "./compute.ts";

// Readiness gaps say their figures twice: in a Swedish sentence for the POSOM lead, and as named
// values a client says in its own language. Counts of one take the singular.

const now = new Date("2026-12-06T10:00:00Z");
const member = (role: ReadinessMember["role"], extra: Partial<ReadinessMember> = {}): ReadinessMember => ({
  role,
  workplace: "Socialtjänsten",
  active: true,
  approvalMissing: false,
  attended: [],
  ...extra,
});

describe("readiness gaps", () => {
  it("name every figure as a value and say one of something in the singular", () => {
    const readiness = computeReadiness(
      {
        organisationId: "kommun-1315",
        countyCode: "13",
        members: [member("support-person", { approvalMissing: true }), member("management")],
        callListReviewedAt: new Date("2026-01-15T09:00:00Z"),
      },
      now,
    );
    const gap = (code: string) => readiness.gaps.find((g) => g.code === code);
    expect(gap("support-persons-below-target")).toMatchObject({
      message: "1 aktiv stödperson av målet 20.",
      values: { active: 1, target: 20 },
    });
    expect(gap("workplaces-too-few")).toMatchObject({
      message: "Stödpersonerna kommer från 1 arbetsplats; minst 4 behövs för spridning.",
      values: { workplaces: 1, needed: 4 },
    });
    expect(gap("management-too-small")).toMatchObject({
      message: "Ledningsgruppen har 1 medlem; minst 4 behövs.",
      values: { members: 1, needed: 4 },
    });
    expect(gap("manager-approval-missing")).toMatchObject({
      message: "1 person med annan arbetsgivare saknar chefens godkännande.",
      values: { people: 1 },
    });
    expect(gap("call-list-not-reviewed")?.values).toEqual({ months: 6, reviewedOn: "2026-01-15" });
    expect(gap("coordinator-missing")?.values).toEqual({});
    expect(gap("management-competence-missing")?.values.itemIds).toBe(
      "management-1,management-2,management-3,management-4,management-5",
    );
  });
});

// Halland: "Riktlinjerna ses över av POSOM och PKL-nätverket en gång per år"; "Nätverket träffas
// två gånger per år". Laholm 3.2: "En planering för kompetenshöjande åtgärder … ska årligen tas fram."
// Laholm 2: "Socialnämnden ska minst en gång per mandatperiod pröva om styrdokumentet är aktuellt."
// Halland: "I POSOM-gruppens ledning finns en PKL-representant adjungerad två gånger per år."
describe("yearly duties", () => {
  const readinessWith = (duties: Parameters<typeof computeReadiness>[0]["duties"]) =>
    computeReadiness(
      {
        organisationId: "kommun-1381",
        countyCode: "13",
        members: [member("support-person")],
        callListReviewedAt: now,
        duties,
      },
      now,
    );
  const reminders = (r: ReturnType<typeof computeReadiness>) =>
    r.gaps.filter((g) => g.code.endsWith("-due")).map((g) => [g.code, g.points, g.values.months]);

  it("reminds of the guideline review, the network meetings, the training plan, the steering document and the PKL representative on the readiness screen, without points", () => {
    const never = readinessWith(undefined);
    expect(reminders(never)).toEqual([
      ["guideline-review-due", 0, 12],
      ["network-meeting-due", 0, 6],
      ["training-plan-due", 0, 12],
      ["steering-document-review-due", 0, 48],
      ["pkl-adjunct-due", 0, 6],
    ]);
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const done = readinessWith({
      "guideline-review": daysAgo(300),
      // Twice a year: a meeting seven months ago is one too few.
      "network-meeting": daysAgo(210),
      "training-plan": daysAgo(20),
      // Once per term of office: three years ago is in time.
      "steering-document-review": daysAgo(3 * 365),
      "pkl-adjunct": daysAgo(100),
    });
    expect(reminders(done)).toEqual([["network-meeting-due", 0, 6]]);
    expect(done.score).toBe(never.score);
    // Five years ago is a term of office and more.
    const stale = readinessWith({ "steering-document-review": daysAgo(5 * 365) });
    expect(stale.gaps.find((g) => g.code === "steering-document-review-due")?.message).toBe(
      "Det lokala styrdokumentet har inte prövats de senaste 48 månaderna.",
    );
    // The region's PKL is not reminded to co-opt a PKL representative; its other duties stay.
    const region = computeReadiness(
      { organisationId: "region-13", countyCode: "13", kind: "region", members: [], callListReviewedAt: now },
      now,
    );
    expect(reminders(region).map(([code]) => code)).not.toContain("pkl-adjunct-due");
    expect(reminders(region).map(([code]) => code)).toContain("network-meeting-due");
  });
});

// Laholm 3.1: "POSOMs ledningsgrupp består av representanter från Socialtjänsten, Polisen,
// Räddningstjänsten och Svenska kyrkan. Dessa utses av respektive organisation."
describe("the ledningsgrupp's composition", () => {
  const laholm = ["Socialtjänsten", "Polisen", "Räddningstjänsten", "Svenska kyrkan"];
  const readinessOf = (members: ReadinessMember[], managementComposition?: string[]) =>
    computeReadiness(
      {
        organisationId: "kommun-1381",
        countyCode: "13",
        members,
        callListReviewedAt: now,
        ...(managementComposition ? { managementComposition } : {}),
      },
      now,
    );
  const gap = (members: ReadinessMember[], composition?: string[]) =>
    readinessOf(members, composition).gaps.find((g) => g.code === "management-representation-missing");

  it("names each organisation nobody in the ledningsgrupp comes from, as a reminder without points", () => {
    const members = [
      member("coordinator", { workplace: "Socialtjänst, IFO", employer: "Laholms kommun" }),
      member("management", { workplace: "Lokalpolisområde Halmstad", employer: "Polismyndigheten" }),
      // A support person from the church is not the ledningsgrupp's representative.
      member("support-person", { workplace: "Laholms församling", employer: "Svenska kyrkan" }),
      // Nor is a member no longer active.
      member("management", { workplace: "Räddningstjänsten Laholm", active: false }),
    ];
    expect(gap(members, laholm)).toMatchObject({
      points: 0,
      message: "Ingen i ledningsgruppen representerar: Räddningstjänsten, Svenska kyrkan.",
      values: { organisations: "Räddningstjänsten, Svenska kyrkan", missing: 2 },
    });
    const whole = [
      ...members,
      member("management", { workplace: "Räddningstjänsten Laholm" }),
      member("management", { workplace: "Laholms församling", employer: "Svenska kyrkan" }),
    ];
    expect(gap(whole, laholm)).toBeUndefined();
  });

  it("asks nothing of an organisation that has not said whom its ledningsgrupp represents", () => {
    expect(gap([member("coordinator")])).toBeUndefined();
    expect(gap([member("coordinator")], [])).toBeUndefined();
  });
});
