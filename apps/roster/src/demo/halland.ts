import type { FunctionCondition, OrganisationKind, RosterGroup } from "@krisstod/contracts";
import { demoFamilyNames, demoGivenNames } from "@krisstod/contracts/demo";

/** Halland's organisations as the demo shows them (positions: the municipal seats). */
export interface DemoOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  countyCode: string;
  municipalityCode?: string;
  position: { lat: number; lon: number };
  neighbours?: string[];
  /** Titles; a stand-in names the function it stands in for, a conditional one its condition (see AuthorisedFunctionsBody). */
  /** The action plan's steps (Laholm 3.2 "operativ handlingsplan"), if the demo gives one. */
  actionPlan?: string[];
  /** How other organisations alert it (its larmväg), in words, if the demo gives one. */
  alarmNote?: string;
  /** Whom its ledningsgrupp is to represent, as its steering document says, if the demo gives it. */
  managementComposition?: string[];
  functions?: (
    | string
    | { title: string; standsInFor?: string; onlyDuring?: FunctionCondition; groups?: RosterGroup[] }
  )[];
}

/**
 * Laholm's own list, styrdokument 3.1: they "har befogenhet att besluta om aktivering av POSOMs
 * ledningsgrupp"; whether the support persons are called is then the ledningsgrupp's assessment.
 */
const ledningsgrupp: RosterGroup[] = ["management"];
const laholmFunctions: DemoOrganisation["functions"] = [
  { title: "Kommunchef", groups: ledningsgrupp },
  { title: "Förvaltningschef socialtjänsten", groups: ledningsgrupp },
  { title: "Insatsledare Räddningstjänsten", groups: ledningsgrupp },
  // Activates only while police are operating at the incident (the incident says so).
  {
    title: "Person med ledande befattning inom polis, i samband med polisiär insats",
    onlyDuring: "police-operation",
    groups: ledningsgrupp,
  },
];

/**
 * Laholm's checklist, styrdokument 3.2 "Under ett krishanteringsarbete", in the document's order.
 */
const laholmActionPlan = [
  "Leda och samordna det psykosociala omhändertagandet",
  "Bedöma behovet av att kalla in stödpersoner",
  "Upprätta informations- och stödcentrum",
  "Fördela och samordna tillgängliga resurser",
  "Säkerställa att nödvändiga resurser och förnödenheter finns",
  "Samverka inom och utanför den egna organisationen",
  "Ge stödpersonerna möjlighet till uppsamling och stödjande samtal vid behov",
  "Samverka med centrala krisledningen/stabschef",
];

/** The list a municipality publishes on its POSOM page ("POSOM gruppen kan aktiveras av"). */
const municipalFunctions = [
  "Krisledningsnämndens ordförande",
  "Kommundirektör",
  "Räddningsledare",
  "Räddningschef i beredskap",
  "Tjänsteman i beredskap",
  "Stabschef i krisledningsorganisationen",
  "POSOM-ansvarig",
  "Kommunens säkerhetsstrateg",
];

export const demoOrganisations: DemoOrganisation[] = [
  {
    id: "lansstyrelsen-13",
    name: "Länsstyrelsen Hallands län",
    kind: "county-board",
    countyCode: "13",
    position: { lat: 56.6739, lon: 12.8572 },
  },
  {
    id: "region-13",
    name: "Region Halland",
    kind: "region",
    countyCode: "13",
    position: { lat: 56.6672, lon: 12.8783 },
    // Halland: "Förvaltningschefen för Psykiatrin i Halland beslutar om PKL ska aktiveras i samråd
    // med tjänsteman i beredskap (TIB)": the TIB decides only when the chief cannot be reached.
    functions: [
      "Förvaltningschef psykiatri",
      { title: "Tjänsteman i beredskap (TIB)", standsInFor: "Förvaltningschef psykiatri" },
    ],
  },
  {
    id: "kommun-1315",
    name: "Hylte kommun",
    kind: "municipality",
    countyCode: "13",
    municipalityCode: "1315",
    position: { lat: 56.9929, lon: 13.2431 },
    neighbours: ["kommun-1380", "kommun-1382"],
    functions: municipalFunctions,
  },
  {
    id: "kommun-1380",
    name: "Halmstads kommun",
    kind: "municipality",
    countyCode: "13",
    municipalityCode: "1380",
    position: { lat: 56.6745, lon: 12.8578 },
    neighbours: ["kommun-1381", "kommun-1382", "kommun-1315"],
    functions: municipalFunctions,
  },
  {
    id: "kommun-1381",
    name: "Laholms kommun",
    kind: "municipality",
    countyCode: "13",
    municipalityCode: "1381",
    position: { lat: 56.5121, lon: 13.0434 },
    // Styrdokument 3.1: "aktiveras Halmstads eller Båstads POSOM via HILL".
    neighbours: ["kommun-1380", "kommun-1278"],
    functions: laholmFunctions,
    actionPlan: laholmActionPlan,
    // Styrdokument 3.1: "För att aktivera POSOMs ledningsgrupp finns kommunens och
    // räddningstjänstens insatsledare i beredskap året runt, dygnet runt".
    alarmNote:
      "Via HILL (Hallands integrerade larm och ledning): räddningstjänstens insatsledare i beredskap, dygnet runt.",
    // Styrdokument 3.1: "POSOMs ledningsgrupp består av representanter från Socialtjänsten,
    // Polisen, Räddningstjänsten och Svenska kyrkan."
    managementComposition: ["Socialtjänsten", "Polisen", "Räddningstjänsten", "Svenska kyrkan"],
  },
  {
    id: "kommun-1382",
    name: "Falkenbergs kommun",
    kind: "municipality",
    countyCode: "13",
    municipalityCode: "1382",
    position: { lat: 56.9054, lon: 12.4912 },
    neighbours: ["kommun-1383", "kommun-1380", "kommun-1315"],
    functions: municipalFunctions,
  },
  {
    id: "kommun-1383",
    name: "Varbergs kommun",
    kind: "municipality",
    countyCode: "13",
    municipalityCode: "1383",
    position: { lat: 57.1056, lon: 12.2508 },
    neighbours: ["kommun-1382", "kommun-1384"],
    functions: municipalFunctions,
  },
  {
    id: "kommun-1384",
    name: "Kungsbacka kommun",
    kind: "municipality",
    countyCode: "13",
    municipalityCode: "1384",
    position: { lat: 57.4875, lon: 12.0761 },
    neighbours: ["kommun-1383"],
    functions: municipalFunctions,
  },
  {
    id: "kommun-1278",
    name: "Båstads kommun",
    kind: "municipality",
    countyCode: "12",
    municipalityCode: "1278",
    position: { lat: 56.4266, lon: 12.8515 },
    neighbours: ["kommun-1381"],
    functions: municipalFunctions,
  },
  {
    id: "lansstyrelsen-12",
    name: "Länsstyrelsen Skåne",
    kind: "county-board",
    countyCode: "12",
    position: { lat: 55.6059, lon: 13.0007 },
  },
  {
    id: "polisen-13",
    name: "Polisen, lokalpolisområden i Halland",
    kind: "partner",
    countyCode: "13",
    position: { lat: 56.6708, lon: 12.8622 },
  },
  {
    id: "raddningstjansten-13",
    name: "Räddningstjänsten i Halland",
    kind: "partner",
    countyCode: "13",
    position: { lat: 56.6803, lon: 12.8699 },
  },
  {
    id: "svenska-kyrkan-13",
    name: "Svenska kyrkan i Halland",
    kind: "partner",
    countyCode: "13",
    position: { lat: 56.6741, lon: 12.8589 },
  },
  {
    id: "roda-korset-13",
    name: "Röda Korset Halland",
    kind: "partner",
    countyCode: "13",
    position: { lat: 56.676, lon: 12.862 },
  },
];

/**
 * How each municipality's roster looks in the demo, so readiness differs and each gap shows up
 * somewhere: support persons, workplaces used, share trained lately, ledningsgrupp, last review.
 */
export interface DemoProfile {
  supportPersons: number;
  workplaces: number;
  trainedShare: number;
  managementMembers: number;
  coordinator: boolean;
  /** Which management items the ledningsgrupp has been trained in (1–5). */
  managementItems: number;
  reviewedMonthsAgo: number | null;
}

export const demoProfiles: Record<string, DemoProfile> = {
  // PKL: the region's list of PKL members (kuratorer, psykologer) at the hospitals.
  "region-13": {
    supportPersons: 12,
    workplaces: 4,
    trainedShare: 0.8,
    managementMembers: 3,
    coordinator: true,
    managementItems: 5,
    reviewedMonthsAgo: 2,
  },
  "kommun-1380": {
    supportPersons: 23,
    workplaces: 6,
    trainedShare: 0.9,
    managementMembers: 5,
    coordinator: true,
    managementItems: 5,
    reviewedMonthsAgo: 1,
  },
  "kommun-1381": {
    supportPersons: 20,
    workplaces: 5,
    trainedShare: 0.85,
    managementMembers: 4,
    coordinator: true,
    managementItems: 5,
    reviewedMonthsAgo: 2,
  },
  "kommun-1383": {
    supportPersons: 18,
    workplaces: 4,
    trainedShare: 0.6,
    managementMembers: 4,
    coordinator: true,
    managementItems: 4,
    reviewedMonthsAgo: 4,
  },
  "kommun-1384": {
    supportPersons: 21,
    workplaces: 2,
    trainedShare: 0.75,
    managementMembers: 4,
    coordinator: true,
    managementItems: 5,
    reviewedMonthsAgo: 9,
  },
  "kommun-1382": {
    supportPersons: 15,
    workplaces: 4,
    trainedShare: 0.5,
    managementMembers: 3,
    coordinator: false,
    managementItems: 3,
    reviewedMonthsAgo: 5,
  },
  "kommun-1315": {
    supportPersons: 9,
    workplaces: 2,
    trainedShare: 0.3,
    managementMembers: 3,
    coordinator: true,
    managementItems: 2,
    reviewedMonthsAgo: null,
  },
  "kommun-1278": {
    supportPersons: 14,
    workplaces: 3,
    trainedShare: 0.7,
    managementMembers: 4,
    coordinator: true,
    managementItems: 4,
    reviewedMonthsAgo: 3,
  },
};

/**
 * Names for the invented rosters: the demo users' (one list, @krisstod/contracts/demo, so a signed-in
 * demo user is a person in the roster by the same name) and more.
 */
export const givenNames: readonly string[] = [
  ...demoGivenNames,
  "Emma",
  "Kerstin",
  "Malin",
  "Johanna",
  "Linnea",
  "Elin",
  "Sofia",
  "Ulrika",
  "Amira",
  "Fatima",
  "Karl",
  "Peter",
  "Magnus",
  "Daniel",
  "Henrik",
  "Oskar",
  "Ali",
  "Mehmet",
  "Jonas",
  "Nils",
];
export const familyNames: readonly string[] = [
  ...demoFamilyNames,
  "Jansson",
  "Hansson",
  "Lindqvist",
  "Jakobsson",
  "Magnusson",
  "Lindgren",
  "Axelsson",
  "Berg",
  "Bergström",
  "Lundberg",
  "Mattsson",
  "Yilmaz",
  "Forsberg",
  "Sjöberg",
  "Wallin",
  "Engström",
  "Danielsson",
  "Håkansson",
  "Ekström",
];

/** Workplaces support persons come from; the first ones are the municipality's own. */
export const workplaces: { workplace: string; employer: "own" | string }[] = [
  { workplace: "Socialtjänsten, individ- och familjeomsorg", employer: "own" },
  { workplace: "Elevhälsan", employer: "own" },
  { workplace: "Äldreomsorgen", employer: "own" },
  { workplace: "Kultur och fritid", employer: "own" },
  { workplace: "Capio vårdcentral", employer: "Capio Närsjukvård AB" },
  { workplace: "Svenska kyrkan, församlingen", employer: "Svenska kyrkan" },
  { workplace: "Röda Korset, lokalavdelningen", employer: "Röda Korset" },
];

/** The ledningsgrupp as Laholm composes it (3.1): socialtjänst, polis, räddningstjänst, Svenska kyrkan. */
export const managementSeats: { workplace: string; employer: "own" | string }[] = [
  { workplace: "Socialtjänsten", employer: "own" },
  { workplace: "Lokalpolisområdet", employer: "Polismyndigheten" },
  { workplace: "Räddningstjänsten", employer: "own" },
  { workplace: "Svenska kyrkan, församlingen", employer: "Svenska kyrkan" },
  { workplace: "Elevhälsan", employer: "own" },
];

export const languagesSpoken = [
  ["sv"],
  ["sv", "en"],
  ["sv", "en"],
  ["sv", "ar"],
  ["sv", "en", "de"],
  ["sv", "fi"],
  ["sv", "so"],
  ["sv", "en", "tr"],
];

/** PKL's members work at the region's hospitals and psychiatric clinics. */
export const pklWorkplaces: { workplace: string; employer: "own" | string }[] = [
  { workplace: "Psykiatrin Halland, Halmstad", employer: "own" },
  { workplace: "Hallands sjukhus Varberg, kuratorer", employer: "own" },
  { workplace: "Hallands sjukhus Kungsbacka, kuratorer", employer: "own" },
  { workplace: "Närsjukvården Ullared", employer: "own" },
];

export const pklManagementSeats: { workplace: string; employer: "own" | string }[] = [
  { workplace: "Psykiatrin Halland", employer: "own" },
  { workplace: "Hallands sjukhus, kuratorsenheten", employer: "own" },
  { workplace: "Regionens krisberedskap", employer: "own" },
];
