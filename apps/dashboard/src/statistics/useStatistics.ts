import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "../api/queryKeys.ts";
import { json, reporting, withSignal } from "../api/services.ts";

/** The county's yearly figures per organisation from the reporting service. */
export function useStatistics(countyCode: string, year: number) {
  return useQuery({
    queryKey: queryKeys.statistics(countyCode, year),
    queryFn: ({ signal }) =>
      json(
        reporting.statistics.$get({ query: { county: countyCode, year: String(year) } }, withSignal(signal)),
      ),
  });
}
