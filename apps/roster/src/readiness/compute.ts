import type {
  OrganisationKind,
  Readiness,
  ReadinessLevel,
  RosterCountySettings,
  RosterRole,
  YearlyDuty,
} from "@krisstod/contracts";
import { subMonths, subYears } from "date-fns";
import { type Attended, deriveCompetence, profileItems } from "../competence/profiles.ts";

/** Targets from the design brief and the guideline; named so a review can change them in one place. */
export const readinessTargets = {
  supportPersons: 20,
  workplaces: 4,
  /** Above this share at one workplace, one employer's bad day empties the list. */
  largestWorkplaceShare: 0.5,
  trainedShare: 0.8,
  /** Samordnare included (Laholm: socialtjänst, polis, räddningstjänst, Svenska kyrkan). */
  managementMembers: 4,
} as const;

/**
 * The numbers of the score the guidelines do not give, so they are the county's settings
 * (`roster/county-settings.ts`): how often the call list must be reviewed ("hålla larmlistor
 * aktuella", Laholm 3.2, says how, not how often) and the points per criterion, which sum to 100.
 * These are the defaults.
 */
export const rosterCountyDefaults: RosterCountySettings = {
  callListReviewMonths: 6,
  readinessWeightSupportPersons: 30,
  readinessWeightWorkplaces: 10,
  readinessWeightSpread: 5,
  readinessWeightTrained: 25,
  readinessWeightCoordinator: 5,
  readinessWeightManagementSize: 5,
  readinessWeightCompetence: 10,
  readinessWeightCallListReview: 10,
};

export interface ReadinessMember {
  role: RosterRole;
  workplace: string;
  /** The employer as written on the person ("" when not given). */
  employer?: string;
  active: boolean;
  /** false when the employer is another organisation and the manager has not approved. */
  approvalMissing: boolean;
  attended: readonly Attended[];
}

export interface ReadinessInput {
  organisationId: string;
  countyCode: string;
  /** Duties for municipalities only skip the others (absent: a municipality). */
  kind?: OrganisationKind;
  members: readonly ReadinessMember[];
  callListReviewedAt: Date | null;
  /** When the action plan was last written or confirmed (absent or null: there is none). */
  actionPlanReviewedAt?: Date | null;
  /** The organisations the ledningsgrupp is to have a representative from (absent or empty: not said). */
  managementComposition?: readonly string[];
  /** When each yearly duty was last done (absent: never). */
  duties?: Partial<Record<YearlyDuty, Date | null>>;
}

/**
 * The recurring duties (named yearly when all of them were): Halland "Riktlinjerna ses över av
 * POSOM och PKL-nätverket en gång per år" and "Nätverket träffas två gånger per år"; Laholm 3.2
 * "En planering för kompetenshöjande åtgärder … ska årligen tas fram"; Laholm 2 "Socialnämnden ska
 * minst en gång per mandatperiod pröva om styrdokumentet är aktuellt" (a term of office is four
 * years; Halland: "Ett lokalt styrdokument bör finnas i varje kommun"); Halland "I POSOM-gruppens
 * ledning finns en PKL-representant adjungerad två gånger per år" (municipalities only). A duty not
 * done within its interval is a reminder: no points (the group is no less ready to answer a call
 * tonight), but it shows on the readiness screen until recorded.
 */
export const yearlyDuties = [
  {
    duty: "guideline-review",
    code: "guideline-review-due",
    months: 12,
    text: "Riktlinjen har inte setts över",
  },
  { duty: "network-meeting", code: "network-meeting-due", months: 6, text: "Nätverket har inte träffats" },
  {
    duty: "training-plan",
    code: "training-plan-due",
    months: 12,
    text: "Ingen kompetensplan har tagits fram",
  },
  {
    duty: "steering-document-review",
    code: "steering-document-review-due",
    months: 48,
    text: "Det lokala styrdokumentet har inte prövats",
  },
  {
    duty: "pkl-adjunct",
    code: "pkl-adjunct-due",
    months: 6,
    text: "Ingen PKL-representant har varit adjungerad i ledningsgruppen",
    municipalOnly: true,
  },
] as const satisfies readonly {
  duty: YearlyDuty;
  code: Readiness["gaps"][number]["code"];
  months: number;
  text: string;
  /** The region's own PKL group is not reminded to co-opt itself. */
  municipalOnly?: true;
}[];

type Gap = Readiness["gaps"][number];

const swedishPlural = new Intl.PluralRules("sv-SE");
/** "1 person", "3 personer": a count with the Swedish form that goes with it. */
const sv = (count: number, one: string, other: string) =>
  `${count} ${swedishPlural.select(count) === "one" ? one : other}`;

/** Readiness of one organisation's crisis support group, with every gap that lowers it named. */
export function computeReadiness(
  input: ReadinessInput,
  now: Date,
  settings: RosterCountySettings = rosterCountyDefaults,
): Readiness {
  const active = input.members.filter((m) => m.active);
  const support = active.filter((m) => m.role === "support-person");
  const management = active.filter((m) => m.role === "coordinator" || m.role === "management");
  const group = active.filter((m) => m.role !== "activator");
  const t = { ...readinessTargets, callListReviewMonths: settings.callListReviewMonths };
  const weights = {
    supportPersons: settings.readinessWeightSupportPersons,
    workplaces: settings.readinessWeightWorkplaces,
    spread: settings.readinessWeightSpread,
    trained: settings.readinessWeightTrained,
    coordinator: settings.readinessWeightCoordinator,
    size: settings.readinessWeightManagementSize,
    competence: settings.readinessWeightCompetence,
    review: settings.readinessWeightCallListReview,
  };
  const gaps: Gap[] = [];
  const lose = (code: Gap["code"], points: number, message: string, values: Gap["values"] = {}) => {
    gaps.push({ code, points: Math.round(points * 10) / 10, message, values });
  };

  const supportCount = support.length;
  if (supportCount < t.supportPersons) {
    lose(
      "support-persons-below-target",
      weights.supportPersons * (1 - supportCount / t.supportPersons),
      `${sv(supportCount, "aktiv stödperson", "aktiva stödpersoner")} av målet ${t.supportPersons}.`,
      { active: supportCount, target: t.supportPersons },
    );
  }

  const perWorkplace = new Map<string, number>();
  for (const m of support) {
    const key = m.workplace.trim().toLowerCase() || "(okänd arbetsplats)";
    perWorkplace.set(key, (perWorkplace.get(key) ?? 0) + 1);
  }
  const workplaces = perWorkplace.size;
  const largest = Math.max(0, ...perWorkplace.values());
  const largestShare = supportCount === 0 ? 0 : largest / supportCount;
  if (workplaces < t.workplaces) {
    lose(
      "workplaces-too-few",
      weights.workplaces * (1 - workplaces / t.workplaces),
      `Stödpersonerna kommer från ${sv(workplaces, "arbetsplats", "arbetsplatser")}; minst ${t.workplaces} behövs för spridning.`,
      { workplaces, needed: t.workplaces },
    );
  }
  if (supportCount > 0 && largestShare > t.largestWorkplaceShare) {
    lose(
      "workplace-concentration",
      weights.spread,
      `${Math.round(largestShare * 100)} % av stödpersonerna finns på samma arbetsplats.`,
      { percent: Math.round(largestShare * 100) },
    );
  }

  const twoYearsAgo = subYears(now, 2).toISOString().slice(0, 10);
  const trained = group.filter((m) => m.attended.some((a) => a.date >= twoYearsAgo && a.date <= isoDay(now)));
  const trainedShare = group.length === 0 ? 0 : trained.length / group.length;
  if (trainedShare < t.trainedShare) {
    lose(
      "training-outdated",
      weights.trained * (1 - Math.min(1, trainedShare / t.trainedShare)),
      `${group.length - trained.length} av ${group.length} i gruppen har inte utbildats eller övat de senaste två åren.`,
      { untrained: group.length - trained.length, members: group.length },
    );
  }

  const coordinator = management.some((m) => m.role === "coordinator");
  if (!coordinator) lose("coordinator-missing", weights.coordinator, "Ingen samordnare är utsedd.");
  if (management.length < t.managementMembers) {
    lose(
      "management-too-small",
      weights.size,
      `Ledningsgruppen har ${sv(management.length, "medlem", "medlemmar")}; minst ${t.managementMembers} behövs.`,
      { members: management.length, needed: t.managementMembers },
    );
  }
  const covered = new Set(
    management.flatMap((m) =>
      deriveCompetence(m.role, m.attended, isoDay(now))
        .filter((d) => d.met)
        .map((d) => d.item),
    ),
  );
  const missingItems = profileItems.filter((i) => i.profile === "management" && !covered.has(i.id));
  if (missingItems.length > 0) {
    lose(
      "management-competence-missing",
      (weights.competence * missingItems.length) / 5,
      `Ingen i ledningsgruppen har nått: ${missingItems.map((i) => i.text.toLowerCase()).join("; ")}.`,
      // `itemIds` lets a client name the competences in its own language; `items` is the guideline's Swedish.
      {
        items: missingItems.map((i) => i.text.toLowerCase()).join("; "),
        itemIds: missingItems.map((i) => i.id).join(","),
      },
    );
  }
  const managementComplete =
    coordinator && management.length >= t.managementMembers && missingItems.length === 0;

  const reviewedRecently =
    input.callListReviewedAt !== null && input.callListReviewedAt >= subMonths(now, t.callListReviewMonths);
  if (!reviewedRecently) {
    lose(
      "call-list-not-reviewed",
      weights.review,
      input.callListReviewedAt
        ? `Larmlistan granskades senast ${isoDay(input.callListReviewedAt)}; den ska ses över minst var ${t.callListReviewMonths}:e månad.`
        : "Larmlistan har aldrig granskats.",
      {
        months: t.callListReviewMonths,
        ...(input.callListReviewedAt ? { reviewedOn: isoDay(input.callListReviewedAt) } : {}),
      },
    );
  }

  actionPlanReminder(input.actionPlanReviewedAt ?? null, now, t.callListReviewMonths, lose);

  const unrepresented = unrepresentedIn(management, input.managementComposition ?? []);
  if (unrepresented.length > 0) {
    lose(
      "management-representation-missing",
      0,
      `Ingen i ledningsgruppen representerar: ${unrepresented.join(", ")}.`,
      { organisations: unrepresented.join(", "), missing: unrepresented.length },
    );
  }

  const unapproved = group.filter((m) => m.approvalMissing).length;
  if (unapproved > 0) {
    lose(
      "manager-approval-missing",
      0,
      `${sv(unapproved, "person", "personer")} med annan arbetsgivare saknar chefens godkännande.`,
      { people: unapproved },
    );
  }

  const municipality = (input.kind ?? "municipality") === "municipality";
  for (const entry of yearlyDuties) {
    const { duty, code, months, text } = entry;
    if ("municipalOnly" in entry && !municipality) continue;
    const doneAt = input.duties?.[duty] ?? null;
    if (doneAt !== null && doneAt >= subMonths(now, months)) continue;
    lose(code, 0, `${text} de senaste ${months} månaderna.`, { months });
  }

  const score = Math.max(0, Math.min(100, Math.round(100 - gaps.reduce((sum, g) => sum + g.points, 0))));
  return {
    organisationId: input.organisationId,
    countyCode: input.countyCode,
    level: levelFor(score),
    score,
    figures: {
      supportPersons: supportCount,
      supportPersonTarget: t.supportPersons,
      workplaces,
      largestWorkplaceShare: round2(largestShare),
      trainedShare: round2(trainedShare),
      managementMembers: management.length,
      coordinator,
      managementComplete,
      callListReviewedAt: input.callListReviewedAt?.toISOString() ?? null,
      callListReviewedRecently: reviewedRecently,
    },
    gaps: gaps.sort((a, b) => b.points - a.points),
    computedAt: now.toISOString(),
  };
}

/**
 * Laholm 3.2 "Upprätta operativ handlingsplan och hålla larmlistor aktuella"; Lekeberg "hålla
 * handlingsplan, checklistor och larmlistor uppdaterade": the plan is kept current as the call list
 * is, so it is due on the call list's interval. A reminder without points, like the yearly duties:
 * the score keeps the weights the county set, and a group with an old plan can still answer tonight.
 */
function actionPlanReminder(
  reviewedAt: Date | null,
  now: Date,
  months: number,
  lose: (code: Gap["code"], points: number, message: string, values?: Gap["values"]) => void,
): void {
  if (reviewedAt !== null && reviewedAt >= subMonths(now, months)) return;
  lose(
    "action-plan-not-reviewed",
    0,
    reviewedAt
      ? `Handlingsplanen sågs senast över ${isoDay(reviewedAt)}; den ska ses över minst var ${months}:e månad.`
      : "Det finns ingen operativ handlingsplan.",
    { months, ...(reviewedAt ? { reviewedOn: isoDay(reviewedAt) } : {}) },
  );
}

/**
 * The organisations of the composition nobody active in the ledningsgrupp comes from. Laholm 3.1:
 * "POSOMs ledningsgrupp består av representanter från Socialtjänsten, Polisen, Räddningstjänsten
 * och Svenska kyrkan." A member represents an organisation when their employer or workplace, as
 * written on the person, names it: compared without case and without the Swedish definite ending,
 * so "Polisen" is met by "Polismyndigheten" and "Socialtjänsten" by "Socialtjänst, IFO". A reminder
 * without points: the county's weights sum to 100 and the group may still answer tonight.
 */
export function unrepresentedIn(
  management: readonly Pick<ReadinessMember, "workplace" | "employer">[],
  composition: readonly string[],
): string[] {
  const written = management.map((m) => `${m.employer ?? ""} | ${m.workplace}`.toLowerCase());
  return composition.filter((organisation) => {
    const stem = stemOf(organisation);
    return !written.some((text) => text.includes(stem));
  });
}

/** "Polisen" → "polis", "Röda Korset" → "röda kors", "Skola" → "skola": the name without its definite ending. */
function stemOf(name: string): string {
  const lower = name.trim().replace(/\s+/g, " ").toLowerCase();
  const stem = lower.replace(/(en|et|n)$/u, "");
  return stem.length >= 4 ? stem : lower;
}

function levelFor(score: number): ReadinessLevel {
  if (score >= 85) return "ready";
  if (score >= 60) return "partial";
  return "insufficient";
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
