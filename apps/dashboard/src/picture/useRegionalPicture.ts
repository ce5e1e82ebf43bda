import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import { queryKeys } from "../api/queryKeys.ts";

/** The county's picture; loaded once, then kept current by useLiveFeed rather than by refetching. */
export function useRegionalPicture(countyCode: string) {
  return useQuery({
    queryKey: queryKeys.picture(countyCode),
    queryFn: ({ signal }) => api.picture(countyCode, signal),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
