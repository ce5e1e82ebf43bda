import type {
  AidRequestBody,
  AppendLogbookEntryBody,
  CreateCentreBody,
  CreateIncidentBody,
  DecideActivationBody,
  Principal,
  RosterGroup,
  SubmitSituationReportBody,
  VisitorArrivalBody,
} from "@krisstod/contracts";
import { type Rng, seededRng } from "./prng.ts";

/**
 * The crisis scenario as pure data, generated from a seed: the same seed and size always give the
 * same plan (`planScenario(7, …)` twice is deep-equal), so a run under faults can be compared with
 * a fault-free run of the same plan. Ids the services assign are referred to by `key`; the runner
 * maps keys to ids as the services answer.
 *
 * The story: a fire in Halmstad that also affects Laholm (an extraordinary event), a bus accident
 * in Laholm; Halmstad activates its ledningsgrupp and then its support persons, Laholm its
 * ledningsgrupp; Halmstad opens a POSOM centre and Region Halland a PKL centre; visitors arrive and
 * some leave; Laholm asks Halmstad and Falkenberg for support persons (three municipalities);
 * logbooks are kept and situation reports go to Länsstyrelsen.
 */

export type Who = Partial<Principal> & { organisationId: string; roles: Principal["roles"] };

const person = (organisationId: string, role: Principal["roles"][number]): Who => ({
  userId: `${organisationId}.${role}`,
  organisationId,
  countyCode: "13",
  roles: [role],
});

/** The demo users (@krisstod/contracts/demo) the scenario acts as; roster's demo data knows them. */
export const actors = {
  halmstadLead: person("kommun-1380", "posom-lead"),
  halmstadChief: person("kommun-1380", "activator"),
  halmstadStaff: person("kommun-1380", "centre-staff"),
  laholmLead: person("kommun-1381", "posom-lead"),
  laholmChief: person("kommun-1381", "activator"),
  falkenbergLead: person("kommun-1382", "posom-lead"),
  regionPkl: person("region-13", "pkl-lead"),
  regionStaff: person("region-13", "centre-staff"),
  observer: person("lansstyrelsen-13", "county-observer"),
} satisfies Record<string, Who>;

export type Answer = "accept" | "decline" | "none";

export type Step =
  | { kind: "incident"; key: string; as: Who; body: CreateIncidentBody }
  | {
      kind: "activation";
      key: string;
      as: Who;
      /** Who reads the activation's messages (a lead of the same organisation). */
      lead: Who;
      incident: string;
      parent?: string;
      body: Omit<DecideActivationBody, "incidentId" | "parentActivationId">;
      /** The answer of the person at each call-list position (1-based index into this list). */
      answers: Answer[];
    }
  /** Answer every message sent so far for the activation, as planned; repeated until no new one comes. */
  | { kind: "answers"; activation: string }
  | { kind: "centre"; key: string; as: Who; incident: string; body: Omit<CreateCentreBody, "incidentId"> }
  | { kind: "open-centre"; centre: string; as: Who }
  | { kind: "visitor"; key: string; centre: string; as: Who; body: VisitorArrivalBody }
  | { kind: "departure"; visitor: string; centre: string; as: Who }
  | {
      kind: "aid-request";
      key: string;
      as: Who;
      incident: string;
      body: Omit<AidRequestBody, "incidentId">;
    }
  | { kind: "aid-offer"; key: string; request: string; as: Who; quantity: number }
  | { kind: "aid-accept"; offer: string; as: Who }
  | { kind: "aid-deploy"; offer: string; as: Who; personIds: string[] }
  | { kind: "aid-release"; offer: string; as: Who }
  | {
      kind: "logbook";
      key: string;
      as: Who;
      incident: string;
      body: AppendLogbookEntryBody;
    }
  | {
      kind: "situation-report";
      key: string;
      as: Who;
      incident: string;
      body: SubmitSituationReportBody;
    };

export interface ScenarioSize {
  visitors: number;
  logbookEntries: number;
}
export const ciSize: ScenarioSize = { visitors: 200, logbookEntries: 12 };
export const longSize: ScenarioSize = { visitors: 5_000, logbookEntries: 100 };
/** LONG=1 runs the full-size scenario. */
export const scenarioSize = (): ScenarioSize => (process.env.LONG === "1" ? longSize : ciSize);

export interface ScenarioPlan {
  seed: number;
  size: ScenarioSize;
  steps: Step[];
}

const HALMSTAD_FIRE = { lat: 56.6745, lon: 12.8778 };
const LAHOLM_BUS = { lat: 56.512, lon: 13.043 };
const FIXED_TIME = "2026-11-28T06:30:00.000Z";

export function planScenario(seed: number, size: ScenarioSize = ciSize): ScenarioPlan {
  const rng = seededRng(seed);
  const steps: Step[] = [];
  const push = (step: Step) => steps.push(step);

  push({
    kind: "incident",
    key: "fire",
    as: actors.halmstadLead,
    body: {
      kind: "fire",
      title: `Brand i flerbostadshus, Andersberg (scenario ${seed})`,
      description: "Flera familjer evakuerade; rökskadade lägenheter även i Laholm.",
      location: { ...HALMSTAD_FIRE, address: "Andersberg, Halmstad" },
      occurredAt: FIXED_TIME,
      affectedMunicipalities: ["1380", "1381"],
      extraordinary: true,
      crisisManagementActivated: true,
    },
  });
  push({
    kind: "incident",
    key: "bus",
    as: actors.laholmLead,
    body: {
      kind: "accident",
      title: `Bussolycka på E6 vid Laholm (scenario ${seed})`,
      location: LAHOLM_BUS,
      occurredAt: FIXED_TIME,
      affectedMunicipalities: ["1381"],
      extraordinary: true,
    },
  });

  const answers = (n: number): Answer[] =>
    Array.from({ length: n }, () => {
      const r = rng.next();
      return r < 0.6 ? "accept" : r < 0.85 ? "decline" : "none";
    });
  const activation = (
    key: string,
    as: Who,
    lead: Who,
    incident: string,
    group: RosterGroup,
    needed: number,
    parent?: string,
  ): Step => ({
    kind: "activation",
    key,
    as,
    lead,
    incident,
    ...(parent ? { parent } : {}),
    body: { group, reason: `Scenario ${seed}: ${key}`, needed },
    answers: answers(60),
  });
  push(activation("halmstad-management", actors.halmstadChief, actors.halmstadLead, "fire", "management", 3));
  push({ kind: "answers", activation: "halmstad-management" });
  push(activation("laholm-management", actors.laholmChief, actors.laholmLead, "bus", "management", 2));
  push(
    activation(
      "halmstad-support",
      actors.halmstadChief,
      actors.halmstadLead,
      "fire",
      "support-persons",
      rng.int(6, 10),
      "halmstad-management",
    ),
  );
  push({ kind: "answers", activation: "laholm-management" });
  push({ kind: "answers", activation: "halmstad-support" });

  push({
    kind: "centre",
    key: "posom-centre",
    as: actors.halmstadLead,
    incident: "fire",
    body: {
      operator: "posom",
      posomOrganisationId: "kommun-1380",
      name: "Stödcentrum Andersbergs skola",
      location: { lat: 56.6842, lon: 12.8915, address: "Andersbergs skola" },
      functions: ["information-referral", "crisis-support-follow-up", "simple-catering"],
      capacity: 400,
    },
  });
  push({
    kind: "centre",
    key: "pkl-centre",
    as: actors.regionPkl,
    incident: "fire",
    body: {
      operator: "pkl",
      pklOrganisationId: "region-13",
      name: "PKL Hallands sjukhus Halmstad",
      location: { lat: 56.6615, lon: 12.8794, address: "Hallands sjukhus Halmstad" },
      functions: ["crisis-support-follow-up", "coordination-referral"],
      capacity: 300,
    },
  });
  push({ kind: "open-centre", centre: "posom-centre", as: actors.halmstadLead });
  push({ kind: "open-centre", centre: "pkl-centre", as: actors.regionPkl });

  const arrived: { key: string; centre: string; as: Who; child: boolean }[] = [];
  const interleave: Step[] = [];
  for (let i = 0; i < size.visitors; i++) {
    const pkl = rng.chance(0.4);
    const centre = pkl ? "pkl-centre" : "posom-centre";
    const as = pkl ? actors.regionStaff : actors.halmstadStaff;
    const child = rng.chance(0.12);
    // PKL registers every visitor; POSOM visitors may stay anonymous.
    const registered = pkl || rng.chance(0.5);
    const body: VisitorArrivalBody = {
      ...(child ? { child: { age: rng.int(2, 17) } } : {}),
      ...(registered ? { registration: registration(rng, i, child) } : {}),
    };
    const key = `visitor-${i}`;
    interleave.push({ kind: "visitor", key, centre, as, body });
    arrived.push({ key, centre, as, child });
    // Now and then an adult who came earlier leaves.
    if (rng.chance(0.15)) {
      const leaving = arrived.find((v, at) => !v.child && at < arrived.length - 1 && rng.chance(0.3));
      if (leaving && !interleave.some((s) => s.kind === "departure" && s.visitor === leaving.key)) {
        interleave.push({ kind: "departure", visitor: leaving.key, centre: leaving.centre, as: leaving.as });
      }
    }
  }

  // Mutual aid between Laholm (asks), Halmstad and Falkenberg (offer): three municipalities.
  const aid: Step[] = [
    {
      kind: "aid-request",
      key: "aid",
      as: actors.laholmLead,
      incident: "bus",
      body: {
        quantity: 3,
        competences: ["support-person-1"],
        languages: rng.chance(0.5) ? ["ar"] : [],
        anticipatedFunction: "Stödpersoner vid stödcentrum",
        place: "Laholms bibliotek",
        from: "2026-11-28T08:00:00.000Z",
        to: "2026-11-28T20:00:00.000Z",
        addressedTo: ["kommun-1380", "kommun-1382"],
      },
    },
    { kind: "aid-offer", key: "offer-halmstad", request: "aid", as: actors.halmstadLead, quantity: 2 },
    { kind: "aid-offer", key: "offer-falkenberg", request: "aid", as: actors.falkenbergLead, quantity: 1 },
    { kind: "aid-accept", offer: "offer-halmstad", as: actors.laholmLead },
    { kind: "aid-accept", offer: "offer-falkenberg", as: actors.laholmLead },
    {
      kind: "aid-deploy",
      offer: "offer-halmstad",
      as: actors.halmstadLead,
      personIds: [`scenario-${seed}-halmstad-a`, `scenario-${seed}-halmstad-b`],
    },
    {
      kind: "aid-deploy",
      offer: "offer-falkenberg",
      as: actors.falkenbergLead,
      personIds: [`scenario-${seed}-falkenberg-a`],
    },
    { kind: "aid-release", offer: "offer-falkenberg", as: actors.laholmLead },
  ];

  const paperwork: Step[] = [];
  for (let i = 0; i < size.logbookEntries; i++) {
    const halmstad = rng.chance(0.6);
    const as = halmstad ? actors.halmstadLead : actors.laholmLead;
    paperwork.push({
      kind: "logbook",
      key: `log-${i}`,
      as,
      incident: halmstad ? "fire" : "bus",
      body: {
        organisationId: as.organisationId,
        countyCode: "13",
        logbook: "ledningsgrupp",
        text: `Logg ${i}: ${rng.pick(["Lägesgenomgång", "Stödpersoner på plats", "Samverkan med PKL", "Information till anhöriga"])}.`,
      },
    });
  }
  const report = (key: string, as: Who, incident: string, text: string): Step => ({
    kind: "situation-report",
    key,
    as,
    incident,
    body: {
      organisationId: as.organisationId,
      countyCode: "13",
      situation: text,
      actionsTaken: "POSOM aktiverad, stödcentrum öppet.",
      submittedBy: "POSOM-samordnare",
      nextReportDue: null,
    },
  });
  paperwork.push(report("report-halmstad-1", actors.halmstadLead, "fire", "Första lägesrapport."));
  paperwork.push(report("report-laholm-1", actors.laholmLead, "bus", "Första lägesrapport, Laholm."));
  paperwork.push(report("report-halmstad-2", actors.halmstadLead, "fire", "Andra lägesrapport."));

  // Visitors arrive throughout; aid and paperwork happen in between, at seeded points.
  const rest = [...aid, ...paperwork];
  const merged: Step[] = [];
  let r = 0;
  for (const [i, step] of interleave.entries()) {
    merged.push(step);
    const due = Math.floor(((i + 1) * rest.length) / Math.max(1, interleave.length));
    while (r < due) merged.push(rest[r++] as Step);
  }
  while (r < rest.length) merged.push(rest[r++] as Step);
  steps.push(...merged);
  return { seed, size, steps };
}

const firstNames = ["Amira", "Bo", "Cecilia", "David", "Elin", "Farah", "Gustav", "Hanna", "Ivan", "Jonna"];
const lastNames = ["Andersson", "Berg", "Hassan", "Johansson", "Karlsson", "Lind", "Nilsson", "Omar"];

function registration(rng: Rng, i: number, child: boolean): NonNullable<VisitorArrivalBody["registration"]> {
  const year = child ? 2015 : rng.int(1940, 2005);
  const month = String(rng.int(1, 12)).padStart(2, "0");
  const day = String(rng.int(1, 28)).padStart(2, "0");
  // Half of them give a personnummer too (valid check digit), so the confidentiality scan of the
  // published events has identity numbers to look for.
  const serial = String(rng.int(1, 999)).padStart(3, "0");
  const withPersonnummer = rng.chance(0.5);
  return {
    name: `${rng.pick(firstNames)} ${rng.pick(lastNames)} ${i}`,
    dateOfBirth: `${year}-${month}-${day}`,
    ...(withPersonnummer ? { personnummer: personnummerOf(year, month, day, serial) } : {}),
    relation: rng.pick(["affected", "relative", "witness", "other"] as const),
    ...(rng.chance(0.5) ? { phone: `070-${rng.int(1_000_000, 9_999_999)}` } : {}),
    ...(rng.chance(0.1) ? { language: rng.pick(["ar", "so", "prs", "en"]) } : {}),
    consentToFollowUp: rng.chance(0.7),
  };
}

/** YYYYMMDD-NNNC with the Luhn check digit C computed over YYMMDDNNN. */
export function personnummerOf(year: number, month: string, day: string, serial: string): string {
  const nine = `${String(year).slice(2)}${month}${day}${serial}`;
  let sum = 0;
  for (const [at, ch] of [...nine].entries()) {
    const product = Number(ch) * (at % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return `${year}${month}${day}-${serial}${(10 - (sum % 10)) % 10}`;
}
