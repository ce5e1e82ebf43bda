import { connectNats, serveRpc } from "@krisstod/bus";
import {
  AuthorisedActivatorsRequest,
  type AuthorisedActivatorsResponse,
  type CallListEntry,
  CallListRequest,
  type CallListResponse,
  DebriefContactsRequest,
  type DebriefContactsResponse,
  type RosterRole,
  rosterRpc,
  subjects,
} from "@krisstod/contracts";
import { createLogger } from "@krisstod/logging";

/**
 * A stand-in for the roster service's request/reply (apps/roster is not runnable yet), answering
 * with roster's own contracts on the real NATS. Replace with `rosterService` once it starts.
 */
export const people = {
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

const callLists: Record<string, Partial<Record<CallListResponse["group"], CallListEntry[]>>> = {
  "kommun-1381": {
    management: [
      entry(people.lg1, 1, "Lena Gruppsson", "+46701000011", "lena@laholm.example"),
      entry(people.lg2, 2, "Lars Gruppsson", "+46701000012"),
      entry(people.lg3, 3, "Lotta Gruppsson", "+46701000013"),
    ],
    "support-persons": [
      { ...entry(people.sp1, 1, "Sara Stöd", "+46701000021"), role: "support-person" },
      { ...entry(people.sp2, 2, "Sven Stöd", "+46701000022"), role: "support-person" },
    ],
  },
  "kommun-1380": {
    management: [
      entry(people.halmstad1, 1, "Hanna Halm", "+46701000031"),
      entry(people.halmstad2, 2, "Hugo Halm", "+46701000032"),
    ],
  },
  "region-13": { pkl: [{ ...entry(people.pkl1, 1, "Petra PKL", "+46701000051"), role: "pkl" }] },
  "kommun-1383": { management: [entry(people.varberg1, 1, "Vera Varg", "+46701000063")] },
};

/** The development issuer's login subjects (`<organisation>.<role>`) of some of the people above. */
export const loginSubjects: Record<string, { personId: string; name: string; role: RosterRole }> = {
  "kommun-1381.activator": { personId: people.kommunchef, name: "Karin Chef", role: "activator" },
  "kommun-1381.ledningsgrupp": { personId: people.lg1, name: "Lena Gruppsson", role: "management" },
  "kommun-1381.support-person": { personId: people.sp1, name: "Sara Stöd", role: "support-person" },
  "region-13.activator": { personId: people.psykiatrichef, name: "Per Psyk", role: "activator" },
  "region-13.region-tib": { personId: people.regionTib, name: "Tina Tib", role: "activator" },
  "kommun-1383.activator": { personId: people.varbergTib, name: "Tore Tib", role: "activator" },
};

const activators: Record<string, AuthorisedActivatorsResponse> = {
  "kommun-1381": {
    organisationId: "kommun-1381",
    functions: [
      { id: "kommunchef", title: "Kommunchef" },
      { id: "insatsledare-raddningstjansten", title: "Insatsledare Räddningstjänsten" },
    ],
    persons: [
      {
        personId: people.kommunchef,
        name: "Karin Chef",
        functionId: "kommunchef",
        functionTitle: "Kommunchef",
        phones: [],
      },
    ],
  },
  // Functions in Enköping's order: the TiB stands in for the förvaltningschef.
  "kommun-1383": {
    organisationId: "kommun-1383",
    functions: [
      { id: "forvaltningschef-socialtjansten", title: "Förvaltningschef socialtjänsten", standsInFor: null },
      {
        id: "tjansteman-i-beredskap",
        title: "Tjänsteman i beredskap",
        standsInFor: "forvaltningschef-socialtjansten",
      },
    ],
    persons: [
      {
        personId: people.varbergChief,
        name: "Frida Chef",
        functionId: "forvaltningschef-socialtjansten",
        functionTitle: "Förvaltningschef socialtjänsten",
        phones: [],
      },
      {
        personId: people.varbergTib,
        name: "Tore Tib",
        functionId: "tjansteman-i-beredskap",
        functionTitle: "Tjänsteman i beredskap",
        phones: [],
      },
    ],
  },
  "region-13": {
    organisationId: "region-13",
    functions: [
      { id: "forvaltningschef-psykiatri", title: "Förvaltningschef psykiatri" },
      { id: "tjansteman-i-beredskap-tib", title: "Tjänsteman i beredskap (TIB)" },
    ],
    persons: [
      {
        personId: people.psykiatrichef,
        name: "Per Psyk",
        functionId: "forvaltningschef-psykiatri",
        functionTitle: "Förvaltningschef psykiatri",
        phones: [],
      },
      {
        personId: people.regionTib,
        name: "Tina Tib",
        functionId: "tjansteman-i-beredskap-tib",
        functionTitle: "Tjänsteman i beredskap (TIB)",
        phones: [],
      },
    ],
  },
};

export async function startRosterStub(natsUrl: string, namespace: string): Promise<() => Promise<void>> {
  const logger = createLogger("roster-stub", "silent");
  const nc = await connectNats({ servers: natsUrl, name: "roster-stub", logger });
  serveRpc({
    nc,
    subject: subjects.rpc(namespace, "roster", rosterRpc.activators),
    queue: "roster",
    request: AuthorisedActivatorsRequest,
    logger,
    handle: async ({ organisationId, loginSubject }) => {
      const answer = activators[organisationId] ?? { organisationId, functions: [], persons: [] };
      if (loginSubject === undefined) return answer;
      // As roster does: the organisation's person signed in as this subject, with their function.
      const person = loginSubject.startsWith(`${organisationId}.`) ? loginSubjects[loginSubject] : undefined;
      const held = answer.persons.find((p) => p.personId === person?.personId);
      return { ...answer, signedIn: person ? { ...person, functionId: held?.functionId ?? null } : null };
    },
  });
  serveRpc({
    nc,
    subject: subjects.rpc(namespace, "roster", rosterRpc.callList),
    queue: "roster",
    request: CallListRequest,
    logger,
    handle: async ({ organisationId, group }): Promise<CallListResponse> => ({
      organisationId,
      group,
      at: new Date().toISOString(),
      entries: callLists[organisationId]?.[group] ?? [],
      skipped: { unavailable: 0, inactive: 0 },
      neighbours: organisationId === "kommun-1381" ? ["kommun-1380", "kommun-1278"] : [],
    }),
  });
  serveRpc({
    nc,
    subject: subjects.rpc(namespace, "roster", rosterRpc.debriefContacts),
    queue: "roster",
    request: DebriefContactsRequest,
    logger,
    // The contact details of the call lists' people, for debrief offers after a close.
    handle: async ({ personIds }): Promise<DebriefContactsResponse> => ({
      contacts: Object.entries(callLists).flatMap(([organisationId, groups]) =>
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
    }),
  });
  await nc.flush();
  return () => nc.drain();
}
