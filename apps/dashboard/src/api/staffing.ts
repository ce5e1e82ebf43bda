import type { CreateShiftBody } from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "./queryKeys.ts";
import { json, supportCentres, withSignal } from "./services.ts";

const centre = supportCentres.centres[":id"];

/** GET /centres/:id/shifts: planned, checked-in and -out shifts with minutes worked. */
export function useShifts(centreId: string) {
  return useQuery({
    queryKey: queryKeys.shifts(centreId),
    queryFn: ({ signal }) => json(centre.shifts.$get({ param: { id: centreId } }, withSignal(signal))),
  });
}

export function usePlanShift(centreId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateShiftBody) => json(centre.shifts.$post({ param: { id: centreId }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.shifts(centreId) }),
  });
}

/** Check in or out, now or at a forgotten time (`at`). */
export function useClockShift(centreId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ shiftId, kind, at }: { shiftId: string; kind: "check-in" | "check-out"; at?: string }) =>
      json(
        centre.shifts[":shiftId"][kind].$post({ param: { id: centreId, shiftId }, json: at ? { at } : {} }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.shifts(centreId) }),
  });
}

/**
 * Who speaks a visitor's language: colleagues on shift first, else the organisation's people (with
 * phones). A mutation, not a query: the answer holds personal data (the service audits the read of
 * the visitor's language) and lives only in the calling component's state.
 */
export function useLanguageHelp(centreId: string) {
  return useMutation({
    mutationFn: (visitorId: string) =>
      json(centre.visitors[":visitorId"]["language-help"].$get({ param: { id: centreId, visitorId } })),
    gcTime: 0,
  });
}

/**
 * Which languages the visitors still at a centre need, with how many on shift speak each. Counts
 * only, but each visitor's language is read (and audited) by the service: asked for on a click, like
 * the language help, not polled.
 */
export function useLanguageNeeds(centreId: string) {
  return useMutation({
    mutationFn: () => json(centre["language-needs"].$get({ param: { id: centreId } })),
    gcTime: 0,
  });
}
