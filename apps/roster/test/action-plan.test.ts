import { ActionPlan, Problem, Readiness } from "@krisstod/contracts";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMunicipality, type Harness, startRoster } from "./harness.ts";

const laholm = "kommun-1381";
const as = {
  lead: { organisationId: laholm, roles: ["posom-lead" as const] },
  member: { organisationId: laholm, roles: ["ledningsgrupp" as const] },
  activator: { organisationId: laholm, roles: ["activator" as const] },
  support: { organisationId: laholm, roles: ["support-person" as const] },
  halmstad: { organisationId: "kommun-1380", roles: ["posom-lead" as const] },
};

/**
 * Laholm 3.2, the ledningsgrupp in its normal state: "Upprätta operativ handlingsplan och hålla
 * larmlistor aktuella". Lekeberg: "Ledningsgruppen ansvarar för att hålla handlingsplan, checklistor
 * och larmlistor uppdaterade." Halland: "Planeringen kan beskrivas i interna checklistor".
 */
describe("roster: the organisation's action plan, a checklist kept current", () => {
  let h: Harness;
  let sql: postgres.Sql;

  beforeAll(async () => {
    h = await startRoster();
    sql = postgres(h.ns.databaseUrl, { max: 1, onnotice: () => {} });
    await createMunicipality(h, laholm, "Laholms kommun");
    await createMunicipality(h, "kommun-1380", "Halmstads kommun");
  });
  afterAll(async () => {
    await sql?.end();
    await h?.stop();
  });

  const plan = (who: keyof typeof as) => h.as(as[who])(`/organisations/${laholm}/action-plan`);
  const steps = [
    "Kontakta räddningsledaren och ta reda på vad som hänt",
    "Informera kommunens TiB",
    "Besluta om stödpersoner i samråd med den som aktiverat",
    "Öppna stödcentrum nära men inte vid platsen",
  ];

  it("is written by the POSOM lead, read by those who activate and lead, and saving it reviews it", async () => {
    const empty = ActionPlan.parse(await (await plan("member")).json());
    expect(empty).toEqual({ organisationId: laholm, steps: [], reviewedAt: null, reviewedBy: null });
    // Nothing to confirm before there is a plan.
    const nothing = await h.as(as.lead)(`/organisations/${laholm}/action-plan/review`, { method: "POST" });
    expect(nothing.status).toBe(409);
    expect(Problem.parse(await nothing.json()).code).toBe("no-action-plan");

    const saved = await h.as(as.lead)(`/organisations/${laholm}/action-plan`, {
      method: "PUT",
      json: { steps },
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const written = ActionPlan.parse(await saved.json());
    expect(written.steps).toEqual(steps);
    expect(Date.parse(written.reviewedAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
    for (const who of ["member", "activator"] as const) {
      expect(ActionPlan.parse(await (await plan(who)).json()).steps).toEqual(steps);
    }

    // Confirmed unchanged later: the steps stay, the review moves on.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const confirmed = await h.as(as.lead)(`/organisations/${laholm}/action-plan/review`, { method: "POST" });
    expect(confirmed.status).toBe(200);
    const again = ActionPlan.parse(await confirmed.json());
    expect(again.steps).toEqual(steps);
    expect(Date.parse(again.reviewedAt ?? "")).toBeGreaterThan(Date.parse(written.reviewedAt ?? ""));

    // The change went out with its event, in the same commit.
    const [event] = await sql<{ n: number }[]>`
      select count(*)::int as n from roster.outbox
      where payload->>'type' = 'roster.organisation-changed' and payload->'data'->>'change' = 'action-plan'`;
    expect(event?.n).toBe(2);
  });

  // Laholm 3.2 puts the plan beside the call list ("Upprätta operativ handlingsplan och hålla larmlistor
  // aktuella"): readiness reminds the group while there is none, and again once its review is older
  // than the call list's interval (6 months by default). A reminder without points: the score stays.
  it("is a readiness reminder while there is none or its review is older than the call list's interval, without costing points", async () => {
    const halmstad = (path: string, init?: Parameters<ReturnType<Harness["as"]>>[1]) =>
      h.as(as.halmstad)(`/organisations/kommun-1380${path}`, init);
    const readiness = async () => Readiness.parse(await (await halmstad("/readiness")).json());
    const reminder = (r: Readiness) => r.gaps.find((g) => g.code === "action-plan-not-reviewed");

    const none = await readiness();
    expect(reminder(none)).toMatchObject({ points: 0, message: "Det finns ingen operativ handlingsplan." });

    expect((await halmstad("/action-plan", { method: "PUT", json: { steps } })).status).toBe(200);
    const written = await readiness();
    expect(reminder(written)).toBeUndefined();
    expect(written.score).toBe(none.score);
    // The readiness event of the same commit no longer names the reminder.
    const [last] = await sql<{ gaps: string[] }[]>`
      select payload->'data'->'gaps' as gaps from roster.outbox
      where payload->>'type' = 'roster.readiness-changed' and payload->'data'->>'organisationId' = 'kommun-1380'
      order by seq desc limit 1`;
    expect(last?.gaps).not.toContain("action-plan-not-reviewed");

    await sql`update roster.action_plans set reviewed_at = now() - interval '7 months'
      where organisation_id = 'kommun-1380'`;
    const old = reminder(await readiness());
    expect(old?.values).toMatchObject({ months: 6 });
    expect(old?.message).toMatch(
      /^Handlingsplanen sågs senast över \d{4}-\d{2}-\d{2}; den ska ses över minst var 6:e månad\.$/,
    );

    expect((await halmstad("/action-plan/review", { method: "POST" })).status).toBe(200);
    expect(reminder(await readiness())).toBeUndefined();
  });

  it("refuses a support person, another municipality and a member writing it, and an empty or blank step naming the field", async () => {
    expect((await plan("support")).status).toBe(403);
    expect((await h.as(as.halmstad)(`/organisations/${laholm}/action-plan`)).status).toBe(403);
    const byMember = await h.as(as.member)(`/organisations/${laholm}/action-plan`, {
      method: "PUT",
      json: { steps },
    });
    expect(byMember.status).toBe(403);
    const blank = await h.as(as.lead)(`/organisations/${laholm}/action-plan`, {
      method: "PUT",
      json: { steps: ["Informera TiB", " "] },
    });
    expect(blank.status).toBe(400);
    expect(blank.headers.get("content-type")).toContain("application/problem+json");
    expect(Problem.parse(await blank.json()).errors?.map((e) => e.field)).toEqual(["steps.1"]);
    const none = await h.as(as.lead)(`/organisations/${laholm}/action-plan`, {
      method: "PUT",
      json: { steps: [] },
    });
    expect(none.status).toBe(400);
    // Nothing stored was lost.
    expect(ActionPlan.parse(await (await plan("lead")).json()).steps).toEqual(steps);
  });
});
