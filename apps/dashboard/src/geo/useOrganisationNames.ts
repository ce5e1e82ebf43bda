import { useCallback } from "react";
import { useOrganisations } from "../api/mutualAid.ts";
import { organisationName } from "./organisations.ts";
import { useMunicipalities } from "./useMunicipalities.ts";

/**
 * A name for any organisation id: the roster's (which knows neighbours in other counties, e.g.
 * Båstad in Skåne), else one made from the shipped municipality names.
 */
export function useOrganisationNames(): (id: string) => string {
  const organisations = useOrganisations();
  const { nameByCode } = useMunicipalities();
  const data = organisations.data;
  return useCallback(
    (id: string) => data?.find((o) => o.id === id)?.name ?? organisationName(id, nameByCode),
    [data, nameByCode],
  );
}
