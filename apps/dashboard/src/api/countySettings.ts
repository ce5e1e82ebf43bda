import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "./queryKeys.ts";
import { countySettingsOf, json, withSignal } from "./services.ts";

/** The services that keep per-county settings, each for the rules it enforces. */
export const settingsServices = ["support-centres", "reporting", "roster"] as const;
export type SettingsService = (typeof settingsServices)[number];

/** Each service's settings for the county (`GET /county-settings/:countyCode`). */
export function useCountySettings(countyCode: string) {
  return useQueries({
    queries: settingsServices.map((service) => ({
      queryKey: queryKeys.countySettings(service, countyCode),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        json(countySettingsOf(service)[":countyCode"].$get({ param: { countyCode } }, withSignal(signal))),
    })),
  });
}

export interface SettingsChange {
  service: SettingsService;
  countyCode: string;
  /** The settings to change, all at once (readiness weights must sum to 100 together). */
  values: Record<string, number>;
}

/** Changes some of one service's settings for the county (`PUT`); the answer replaces the view. */
export function useChangeCountySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ service, countyCode, values }: SettingsChange) =>
      json(countySettingsOf(service)[":countyCode"].$put({ param: { countyCode }, json: values })),
    onSuccess: (view, { service, countyCode }) =>
      client.setQueryData(queryKeys.countySettings(service, countyCode), view),
  });
}
