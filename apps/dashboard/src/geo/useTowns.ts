import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { queryKeys } from "../api/queryKeys.ts";
import { parseTowns, type Town } from "./places.ts";

async function loadTowns(signal: AbortSignal): Promise<Town[]> {
  // Shipped with the app (public/geo/places.json, built by scripts/build-places.ts): no internet.
  const response = await fetch(`${import.meta.env.BASE_URL}geo/places.json`, { signal });
  if (!response.ok) throw new Error(`places: HTTP ${response.status}`);
  return parseTowns(await response.json());
}

/** Towns of Sweden, and those inside the given municipalities (a county's), biggest first. */
export function useTowns(municipalityCodes?: ReadonlySet<string>) {
  const query = useQuery({
    queryKey: queryKeys.places(),
    queryFn: ({ signal }) => loadTowns(signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  const all = query.data;
  const shown = useMemo(
    () => (municipalityCodes ? all?.filter((t) => municipalityCodes.has(t.municipality)) : all),
    [all, municipalityCodes],
  );
  return { status: query.status, all, shown };
}
