import type { CallListEntry, RosterGroup } from "@krisstod/contracts";
import { startRosterStub as startSharedRosterStub } from "@krisstod/testing";
import { v5 as uuidv5 } from "uuid";

const NAMESPACE_UUID = "6f1c7a52-3d5e-4a7b-9c1e-2b8f0d4e6a10";

/** A stable person id per name, so the same organisation's people keep their ids across calls. */
export const personId = (name: string) => uuidv5(name, NAMESPACE_UUID);

/** The login subject of an organisation's activator in these benchmarks. */
export const activatorSubject = (organisationId: string) => `${organisationId}.activator`;

/**
 * A stand-in for roster's request/reply (@krisstod/testing's, as the activation tests use it), with
 * generated people: every organisation's `<org>.activator` holds the
 * function "kommunchef"; call lists are `sizes[org][group]` generated people, each with a phone
 * and an e-mail address (so two messages per person, as for a roster person with both).
 * The stub answers from memory, so the decision's time includes the NATS round trips but not
 * roster's query (measured on its own by the roster list target).
 */
export async function startRosterStub(
  natsUrl: string,
  namespace: string,
  sizes: Record<string, Partial<Record<RosterGroup, number>>>,
): Promise<() => Promise<void>> {
  const lists = new Map<string, CallListEntry[]>();
  const listOf = (organisationId: string, group: RosterGroup): CallListEntry[] => {
    const key = `${organisationId}/${group}`;
    const cached = lists.get(key);
    if (cached) return cached;
    const size = sizes[organisationId]?.[group] ?? 0;
    const entries = Array.from({ length: size }, (_, i) => {
      const name = `${organisationId} ${group} ${i + 1}`;
      return {
        personId: personId(name),
        position: i + 1,
        name: `Person ${i + 1} ${organisationId}`,
        role: group === "management" ? "management" : group === "pkl" ? "pkl" : "support-person",
        phones: [`+4670${String(1_000_000 + i).padStart(7, "0")}`],
        email: `person${i + 1}@${organisationId}.example`,
        languages: ["sv"],
      } satisfies CallListEntry;
    });
    lists.set(key, entries);
    return entries;
  };
  const activatorOf = (organisationId: string) => ({
    personId: personId(activatorSubject(organisationId)),
    name: `Kommunchef ${organisationId}`,
    functionId: "kommunchef",
    functionTitle: "Kommunchef",
    phones: [],
  });
  return startSharedRosterStub(natsUrl, namespace, {
    activators: (organisationId) => ({
      organisationId,
      functions: [{ id: "kommunchef", title: "Kommunchef" }],
      persons: [activatorOf(organisationId)],
    }),
    signedIn: (loginSubject) => {
      const organisationId = loginSubject.slice(0, loginSubject.indexOf("."));
      if (loginSubject !== activatorSubject(organisationId)) return undefined;
      const { personId: id, name } = activatorOf(organisationId);
      return { personId: id, name, role: "activator" };
    },
    callList: listOf,
  });
}
