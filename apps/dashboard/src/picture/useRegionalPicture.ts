import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "../api/queryKeys.ts";
import { json, reporting, withSignal } from "../api/services.ts";

/** The county's picture; loaded once, then kept current by useLiveFeed rather than by refetching. */
export function useRegionalPicture(countyCode: string) {
  return useQuery({
    queryKey: queryKeys.picture(countyCode),
    queryFn: ({ signal }) =>
      json(reporting.picture.$get({ query: { county: countyCode } }, withSignal(signal))),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
