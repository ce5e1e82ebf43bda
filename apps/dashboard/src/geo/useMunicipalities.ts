import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { queryKeys } from "../api/queryKeys.ts";
import { type Municipality, parseMunicipalities } from "./municipalities.ts";

async function loadMunicipalities(signal: AbortSignal): Promise<Municipality[]> {
  // Shipped with the app (public/geo), so the map needs no internet.
  const response = await fetch(`${import.meta.env.BASE_URL}geo/swedish_municipalities.geojson`, { signal });
  if (!response.ok) throw new Error(`boundaries: HTTP ${response.status}`);
  return parseMunicipalities(await response.json());
}

/**
 * Every municipality of Sweden (names for any code) and those of one county (the map's shapes).
 * Without a county, `shown` is all of them, for a national view.
 */
export function useMunicipalities(countyCode?: string) {
  const query = useQuery({
    queryKey: queryKeys.municipalities(),
    queryFn: ({ signal }) => loadMunicipalities(signal),
    // Boundaries do not change while the app runs.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  const all = query.data;
  const shown = useMemo(
    () => (countyCode === undefined ? all : all?.filter((m) => m.countyCode === countyCode)),
    [all, countyCode],
  );
  const nameByCode = useMemo(() => new Map(all?.map((m) => [m.code, m.name])), [all]);
  return { status: query.status, all, shown, nameByCode, refetch: query.refetch };
}
