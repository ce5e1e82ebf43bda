import type {
  AuthorisedActivatorsResponse,
  CallListEntry,
  RosterGroup,
  RosterRole,
} from "@krisstod/contracts";
import { startRosterStub } from "./roster-stub.ts";

/**
 * The Halland roster of the tests: the people the activation service calls out, as roster would
 * answer for them (`startRosterStub`), so those tests do not depend on roster's demo data. Its
 * login subjects are `halland`'s users (Laholm's kommunchef is Karin Chef).
 */
export const hallandPeople = {
  kommunchef: "0190f5a2-0000-7000-8000-000000000001",
  lg1: "0190f5a2-0000-7000-8000-000000000011",
  lg2: "0190f5a2-0000-7000-8000-000000000012",
  lg3: "0190f5a2-0000-7000-8000-000000000013",
  sp1: "0190f5a2-0000-7000-8000-000000000021",
  sp2: "0190f5a2-0000-7000-8000-000000000022",
  halmstad1: "0190f5a2-0000-7000-8000-000000000031",
  halmstad2: "0190f5a2-0000-7000-8000-000000000032",
  psykiatrichef: "0190f5a2-0000-7000-8000-000000000041",
  pkl1: "0190f5a2-0000-7000-8000-000000000051",
  regionTib: "0190f5a2-0000-7000-8000-000000000042",
  varbergChief: "0190f5a2-0000-7000-8000-000000000061",
  varbergTib: "0190f5a2-0000-7000-8000-000000000062",
  varberg1: "0190f5a2-0000-7000-8000-000000000063",
  falkenberg1: "0190f5a2-0000-7000-8000-000000000071",
  laholmPolice: "0190f5a2-0000-7000-8000-000000000081",
  pklCoordinator: "0190f5a2-0000-7000-8000-000000000052",
} as const;

const entry = (
  personId: string,
  position: number,
  name: string,
  phone: string,
  email: string | null = null,
) =>
  ({
    personId,
    position,
    name,
    role: "management",
    phones: [phone],
    email,
    languages: ["sv"],
  }) satisfies CallListEntry;

const callLists: Record<string, Partial<Record<RosterGroup, CallListEntry[]>>> = {
  "kommun-1381": {
    management: [
      entry(hallandPeople.lg1, 1, "Lena Gruppsson", "+46701000011", "lena@laholm.example"),
      entry(hallandPeople.lg2, 2, "Lars Gruppsson", "+46701000012"),
      entry(hallandPeople.lg3, 3, "Lotta Gruppsson", "+46701000013"),
    ],
    "support-persons": [
      { ...entry(hallandPeople.sp1, 1, "Sara Stöd", "+46701000021"), role: "support-person" },
      { ...entry(hallandPeople.sp2, 2, "Sven Stöd", "+46701000022"), role: "support-person" },
    ],
  },
  "kommun-1380": {
    management: [
      entry(hallandPeople.halmstad1, 1, "Hanna Halm", "+46701000031"),
      entry(hallandPeople.halmstad2, 2, "Hugo Halm", "+46701000032"),
    ],
  },
  // PKL's samordnare leads PKL from the region's ledningsgrupp list (Halland).
  "region-13": {
    pkl: [{ ...entry(hallandPeople.pkl1, 1, "Petra PKL", "+46701000051"), role: "pkl" }],
    management: [
      { ...entry(hallandPeople.pklCoordinator, 1, "Sam Samordnare", "+46701000052"), role: "coordinator" },
    ],
  },
  // Varberg's one member is its coordinator (samordnare), who owns the evaluations (Laholm 3.7).
  "kommun-1383": {
    management: [{ ...entry(hallandPeople.varberg1, 1, "Vera Varg", "+46701000063"), role: "coordinator" }],
  },
  "kommun-1382": { management: [entry(hallandPeople.falkenberg1, 1, "Fia Falk", "+46701000071")] },
};

/** The development issuer's login subjects (`<organisation>.<role>`) of some of the people above. */
export const hallandLoginSubjects: Record<string, { personId: string; name: string; role: RosterRole }> = {
  "kommun-1381.activator": { personId: hallandPeople.kommunchef, name: "Karin Chef", role: "activator" },
  "kommun-1381.ledningsgrupp": { personId: hallandPeople.lg1, name: "Lena Gruppsson", role: "management" },
  "kommun-1381.support-person": { personId: hallandPeople.sp1, name: "Sara Stöd", role: "support-person" },
  "region-13.activator": { personId: hallandPeople.psykiatrichef, name: "Per Psyk", role: "activator" },
  "region-13.region-tib": { personId: hallandPeople.regionTib, name: "Tina Tib", role: "activator" },
  "kommun-1383.activator": { personId: hallandPeople.varbergTib, name: "Tore Tib", role: "activator" },
  "kommun-1381.polis": { personId: hallandPeople.laholmPolice, name: "Pelle Polis", role: "activator" },
};

type ActivatorFunction = AuthorisedActivatorsResponse["functions"][number];
const fn = {
  kommunchef: { id: "kommunchef", title: "Kommunchef" },
  insatsledare: { id: "insatsledare-raddningstjansten", title: "Insatsledare Räddningstjänsten" },
  polis: {
    id: "person-med-ledande-befattning-inom-polis-i-samband-med-polisiar-insats",
    title: "Person med ledande befattning inom polis, i samband med polisiär insats",
    onlyDuring: "police-operation",
  },
  socialChef: {
    id: "forvaltningschef-socialtjansten",
    title: "Förvaltningschef socialtjänsten",
    standsInFor: null,
  },
  tib: {
    id: "tjansteman-i-beredskap",
    title: "Tjänsteman i beredskap",
    standsInFor: "forvaltningschef-socialtjansten",
  },
  psykiatriChef: { id: "forvaltningschef-psykiatri", title: "Förvaltningschef psykiatri" },
  regionTib: { id: "tjansteman-i-beredskap-tib", title: "Tjänsteman i beredskap (TIB)" },
} satisfies Record<string, ActivatorFunction>;

/** A person holding an authorised function (no numbers: the tests call no activator). */
const holder = (personId: string, name: string, held: ActivatorFunction) => ({
  personId,
  name,
  functionId: held.id,
  functionTitle: held.title,
  phones: [],
});

const activators: Record<string, AuthorisedActivatorsResponse> = {
  "kommun-1381": {
    organisationId: "kommun-1381",
    functions: [fn.kommunchef, fn.insatsledare, fn.polis],
    persons: [
      holder(hallandPeople.kommunchef, "Karin Chef", fn.kommunchef),
      holder(hallandPeople.laholmPolice, "Pelle Polis", fn.polis),
    ],
  },
  // Functions in Enköping's order: the TiB stands in for the förvaltningschef.
  "kommun-1383": {
    organisationId: "kommun-1383",
    functions: [fn.socialChef, fn.tib],
    persons: [
      holder(hallandPeople.varbergChief, "Frida Chef", fn.socialChef),
      holder(hallandPeople.varbergTib, "Tore Tib", fn.tib),
    ],
  },
  "region-13": {
    organisationId: "region-13",
    functions: [fn.psykiatriChef, fn.regionTib],
    persons: [
      holder(hallandPeople.psykiatrichef, "Per Psyk", fn.psykiatriChef),
      holder(hallandPeople.regionTib, "Tina Tib", fn.regionTib),
    ],
  },
};

/** Whose ledningsgrupp an organisation asks when its own cannot be reached (Laholm 3.1). */
const neighbours: Record<string, string[]> = {
  "kommun-1381": ["kommun-1380", "kommun-1278"],
  "kommun-1383": ["kommun-1382", "kommun-1384"],
};

/** Roster's answers to the activation service with the Halland roster above, over the real NATS. */
export function startHallandRosterStub(natsUrl: string, namespace: string): Promise<() => Promise<void>> {
  return startRosterStub(natsUrl, namespace, {
    activators: (organisationId) => activators[organisationId],
    signedIn: (loginSubject) => hallandLoginSubjects[loginSubject],
    callList: (organisationId, group) => callLists[organisationId]?.[group] ?? [],
    neighbours: (organisationId) => neighbours[organisationId] ?? [],
    // The contact details of the call lists' people, for debrief offers after a close.
    debriefContacts: (personIds) =>
      Object.entries(callLists).flatMap(([organisationId, groups]) =>
        Object.values(groups)
          .flat()
          .filter((entry) => personIds.includes(entry.personId))
          .map((entry) => ({
            personId: entry.personId,
            organisationId,
            phones: entry.phones,
            email: entry.email,
          })),
      ),
  });
}
