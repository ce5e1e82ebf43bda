import {
  Centre,
  type CreateCentreBody,
  type FullRegionalPicture,
  type VisitorArrivalBody,
  VisitorSummary,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { z } from "zod";
import { request, servicePath } from "./client.ts";
import { queryKeys } from "./queryKeys.ts";

/**
 * The county's centres as the support-centres service shows them to this user (exact counts for
 * the operating organisation). Refetched when the live picture moves: occupancy changes are events.
 */
export function useCentres(countyCode: string, picture: FullRegionalPicture | undefined) {
  const queryClient = useQueryClient();
  const position = picture?.lastEventId;
  useEffect(() => {
    if (position === undefined) return;
    void queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) });
  }, [countyCode, position, queryClient]);
  return useQuery({
    queryKey: queryKeys.centres(countyCode),
    queryFn: ({ signal }) =>
      request(servicePath("support-centres", "/centres", { county: countyCode }), z.array(Centre), {
        signal,
      }),
  });
}

export function useCreateCentre(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCentreBody) =>
      request(servicePath("support-centres", "/centres"), Centre, { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}

export function useChangeCentreStatus(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, to }: { id: string; to: "open" | "close" }) =>
      request(servicePath("support-centres", `/centres/${id}/${to}`), Centre, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}

/** One arrival; the answer holds no personal data, and nothing of the form is kept after it. */
export function useRegisterVisitor(countyCode: string, centreId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: VisitorArrivalBody) =>
      request(servicePath("support-centres", `/centres/${centreId}/visitors`), VisitorSummary, {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}
