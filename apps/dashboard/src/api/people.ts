import type { Person } from "@krisstod/contracts";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { queryKeys } from "./queryKeys.ts";
import { json, roster, withSignal } from "./services.ts";

/**
 * The organisation's own people from the roster (GET /organisations/:id/people: its group only;
 * the roster audits the read when contact details come with it). Kept in memory only, as every
 * answer is; never in browser storage.
 */
export function usePeople(organisationId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.people(organisationId),
    queryFn: ({ signal }) =>
      json(
        roster.organisations[":id"].people.$get(
          { param: { id: organisationId }, query: {} },
          withSignal(signal),
        ),
      ),
    enabled,
    staleTime: 60_000,
  });
}

/** The people deployed to the organisation under mutual aid right now (its leads only). */
export function useDeployedPeople(organisationId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.deployedPeople(organisationId),
    queryFn: ({ signal }) =>
      json(
        roster.organisations[":id"]["deployed-people"].$get(
          { param: { id: organisationId } },
          withSignal(signal),
        ),
      ),
    enabled,
    staleTime: 60_000,
  });
}

export const fullName = (p: Pick<Person, "givenName" | "familyName">) => `${p.givenName} ${p.familyName}`;

/**
 * Names for roster person ids, joined here in the browser: reporting keeps ids only. Asks the
 * roster for the own organisation's people, and for those deployed to it when someone of another
 * organisation is among `people`. A person found in neither is absent from the map (show the id).
 */
export function usePersonNames(
  organisationId: string,
  people: readonly { personId: string; organisationId: string }[],
  mayReadDeployed: boolean,
): Map<string, string> {
  const own = usePeople(organisationId, people.length > 0);
  const others = people.some((p) => p.organisationId !== organisationId);
  const deployed = useDeployedPeople(organisationId, others && mayReadDeployed);
  return useMemo(
    () => new Map([...(deployed.data ?? []), ...(own.data ?? [])].map((p) => [p.id, fullName(p)])),
    [own.data, deployed.data],
  );
}
