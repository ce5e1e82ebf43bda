import { ReadinessGapCode } from "@krisstod/contracts";
import { computeReadiness } from "@krisstod/roster";
import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en.ts";
import { sv } from "../src/i18n/sv.ts";

// The readiness screen says each gap from its figures in the user's language: in Swedish as the
// roster does, in English in English. An organisation with every gap there is, from the roster's
// own computation (so the names of the values cannot drift apart).

const readiness = computeReadiness(
  {
    organisationId: "kommun-1315",
    countyCode: "13",
    members: [
      { role: "support-person", workplace: "Skolan", active: true, approvalMissing: true, attended: [] },
      { role: "management", workplace: "Socialtjänsten", active: true, approvalMissing: false, attended: [] },
    ],
    callListReviewedAt: new Date("2026-01-15T09:00:00Z"),
    actionPlanReviewedAt: new Date("2026-03-02T09:00:00Z"),
    // Laholm 3.1's composition: the one member is from Socialtjänsten, nobody from the police.
    managementComposition: ["Socialtjänsten", "Polisen"],
  },
  new Date("2026-12-06T10:00:00Z"),
);

describe("readiness gaps on screen", () => {
  it("has every gap the roster can name", () => {
    expect(readiness.gaps.map((g) => g.code).sort()).toEqual([...ReadinessGapCode.options].sort());
  });

  it("says each gap in Swedish as the roster words it, one of something in the singular", () => {
    for (const gap of readiness.gaps) {
      const text = sv.readiness.gapTexts[gap.code](gap.values);
      if (gap.code === "call-list-not-reviewed")
        expect(text).toBe(
          "Larmlistan granskades senast 15 januari 2026; den ska ses över minst var 6:e månad.",
        );
      else if (gap.code === "action-plan-not-reviewed")
        expect(text).toBe(
          "Handlingsplanen sågs senast över 2 mars 2026; den ska ses över minst var 6:e månad.",
        );
      else expect(text).toBe(gap.message);
    }
    expect(sv.readiness.gapTexts["manager-approval-missing"]({ people: 1 })).toBe(
      "1 person med annan arbetsgivare saknar chefens godkännande.",
    );
  });

  it("says each gap in English, with its figures", () => {
    const texts = readiness.gaps.map((gap) => en.readiness.gapTexts[gap.code](gap.values));
    expect(texts).toContain("1 active support person of the target 20.");
    expect(texts).toContain("The management group has 1 member; at least 4 are needed.");
    expect(texts).toContain("No manager's approval yet for 1 person with another employer.");
    expect(texts).toContain(
      "The call list was last reviewed on 15 January 2026; it must be reviewed at least every 6 months.",
    );
    expect(texts).toContain(
      "The action plan was last reviewed on 2 March 2026; it must be reviewed at least every 6 months.",
    );
    // The guideline's competences too: named in English, none left in Swedish.
    expect(texts).toContainEqual(
      expect.stringMatching(
        /^Nobody in the management group has reached: knowledge of society's crisis preparedness; .*being able to lead one's own organisation's crisis support effort\.$/,
      ),
    );
    for (const text of texts)
      expect(text).not.toMatch(
        /stödperson|arbetsplats|Larmlistan|saknar|kunskap|krisberedskap|kunna|management-\d/i,
      );
  });
});
