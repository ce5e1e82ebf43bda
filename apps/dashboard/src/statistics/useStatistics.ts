import { YearlyStatistics } from "@krisstod/contracts";
import { useQuery } from "@tanstack/react-query";
import { request, servicePath } from "../api/client.ts";
import { queryKeys } from "../api/queryKeys.ts";

/** The county's yearly figures per organisation from the reporting service. */
export function useStatistics(countyCode: string, year: number) {
  return useQuery({
    queryKey: queryKeys.statistics(countyCode, year),
    queryFn: ({ signal }) =>
      request(servicePath("reporting", "/statistics", { county: countyCode, year }), YearlyStatistics, {
        signal,
      }),
  });
}
