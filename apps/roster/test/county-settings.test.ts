import { CountySettingsView, Problem, Readiness } from "@krisstod/contracts";
import { waitFor } from "@krisstod/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMunicipality, type Harness, startRoster } from "./harness.ts";

// The guidelines ask for call lists kept current ("hålla larmlistor aktuella", Laholm 3.2) and
// name what a group needs, but give no weights for a readiness score and no review interval: those
// are the county's settings, set by Länsstyrelsen's admin, defaults otherwise.

describe("roster: readiness weights and the call-list review interval are the county's settings", () => {
  let h: Harness;
  let sql: postgres.Sql;
  const boardAdmin = { organisationId: "lansstyrelsen-13", countyCode: "13", roles: ["org-admin" as const] };
  const hylteLead = { organisationId: "kommun-1315", countyCode: "13", roles: ["posom-lead" as const] };

  beforeAll(async () => {
    h = await startRoster();
    sql = postgres(h.ns.databaseUrl, { max: 1, onnotice: () => {} });
    // An empty group: every weighted criterion is missed but the workplace spread.
    await createMunicipality(h, "kommun-1315", "Hylte kommun");
  });
  afterAll(async () => {
    await sql?.end();
    await h?.stop();
  });

  const readiness = async () =>
    Readiness.parse(await (await h.as(hylteLead)("/organisations/kommun-1315/readiness")).json());
  const put = (json: Record<string, unknown>, who: Parameters<Harness["as"]>[0] = boardAdmin) =>
    h.as(who)("/county-settings/13", { method: "PUT", json });

  it("shows the defaults, refuses weights that do not sum to 100 and scores with the county's weights", async () => {
    const view = CountySettingsView.parse(await (await h.as(hylteLead)("/county-settings/13")).json());
    expect(view.settings).toContainEqual({
      key: "callListReviewMonths",
      value: 6,
      default: 6,
      source: "local",
    });
    expect(view.settings).toHaveLength(9);

    const before = await readiness();
    expect(before.score).toBe(5);
    expect(before.gaps.find((g) => g.code === "call-list-not-reviewed")?.points).toBe(10);

    const refused = await put({ readinessWeightCallListReview: 0 });
    expect(refused.status).toBe(400);
    const problem = Problem.parse(await refused.json());
    expect(problem.errors?.map((e) => e.field)).toContain("readinessWeightCallListReview");
    expect(problem.errors?.[0]?.message).toBe("the weights sum to 90, not 100");
    expect((await put({ callListReviewMonths: 0 })).status).toBe(400);
    expect(
      (await put({ readinessWeightSpread: 15, readinessWeightCallListReview: 0 }, hylteLead)).status,
    ).toBe(403);

    const changed = await put({ readinessWeightSpread: 15, readinessWeightCallListReview: 0 });
    expect(changed.status).toBe(200);
    const after = await readiness();
    // 100 − (30 + 10 + 25 + 5 + 5 + 10 + 0): the review no longer costs points, the spread is met.
    expect(after.score).toBe(15);
    expect(after.gaps.find((g) => g.code === "call-list-not-reviewed")?.points).toBe(0);
    // The change scores the county's organisations anew: the regional picture hears of it.
    await waitFor(async () => {
      const rows = await sql<{ payload: { data: { score: number } } }[]>`
        select payload from roster.outbox
        where subject like ${"%.kommun-1315.roster.readiness-changed"} and published_at is not null
        order by seq`;
      return rows.at(-1)?.payload.data.score === 15 ? rows : undefined;
    });
  });

  it("holds a reviewed call list current for the county's interval", async () => {
    const eightMonthsAgo = new Date(Date.now() - 240 * 24 * 60 * 60 * 1000);
    await sql`update roster.organisations set call_list_reviewed_at = ${eightMonthsAgo} where id = 'kommun-1315'`;
    expect((await readiness()).figures.callListReviewedRecently).toBe(false);
    expect((await put({ callListReviewMonths: 12 })).status).toBe(200);
    expect((await readiness()).figures.callListReviewedRecently).toBe(true);
  });
});
