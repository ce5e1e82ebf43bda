import type { CreateIncidentBody, UpdateIncidentBody } from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "./queryKeys.ts";
import { activation, json, withSignal } from "./services.ts";

/**
 * Opening, changing and closing incidents (the activation service owns them). The county's list
 * comes with the live picture; these change one, and the picture hears of it over the feed.
 */
export function useOpenIncident() {
  return useMutation({
    mutationFn: (body: CreateIncidentBody) => json(activation.incidents.$post({ json: body })),
  });
}

/**
 * Incidents of another county that the organisation's ledningsgrupp was called to as a neighbour's
 * fallback (Laholm 3.1: "Halmstads eller Båstads POSOM"; Båstad is in Skåne): its own county's
 * picture does not show them, the activation service lists them with the county's own.
 */
export function useIncidentsCalledAcrossBorder(countyCode: string) {
  return useQuery({
    queryKey: queryKeys.incidentsCalledAcrossBorder(countyCode),
    queryFn: async ({ signal }) =>
      (await json(activation.incidents.$get({ query: {} }, withSignal(signal)))).filter(
        (incident) => incident.countyCode !== countyCode && incident.status === "open",
      ),
  });
}

/** One incident whole (the picture leaves out the description and the crisis-management flag). */
export function useIncident(incidentId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.incident(incidentId ?? ""),
    queryFn: ({ signal }) =>
      json(activation.incidents[":id"].$get({ param: { id: incidentId ?? "" } }, withSignal(signal))),
    enabled: incidentId !== undefined,
  });
}

export function useUpdateIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateIncidentBody }) =>
      json(activation.incidents[":id"].$patch({ param: { id }, json: body })),
    onSuccess: (incident) => queryClient.setQueryData(queryKeys.incident(incident.id), incident),
  });
}

/** Closes the incident and, with it, every activation still running. */
export function useCloseIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => json(activation.incidents[":id"].close.$post({ param: { id } })),
    onSuccess: (incident) => {
      queryClient.setQueryData(queryKeys.incident(incident.id), incident);
      return queryClient.invalidateQueries({ queryKey: queryKeys.incidentActivations(incident.id) });
    },
  });
}
