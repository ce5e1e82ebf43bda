import {
  type FullRegionalPicture,
  type RegionAnswerBody,
  RegionRequest,
  type RegionRequestBody,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { request, servicePath } from "./client.ts";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";

/**
 * Requests to the region through its TIB (Halland "Kontakter med Region Halland sker via TIB"): a
 * municipality's own, or those made to the signed-in region. Asked again as the picture moves on
 * and every half minute, so an answer (or a new request at the TIB) shows without a reload.
 */
export function useRegionRequests(picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.regionRequests(), picture);
  return useQuery({
    queryKey: queryKeys.regionRequests(),
    queryFn: ({ signal }) =>
      request(servicePath("activation", "/region-requests"), z.array(RegionRequest), { signal }),
    refetchInterval: 30_000,
  });
}

function useRegionMutation<T>(fn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.regionRequests() }),
  });
}

export const useRequestFromRegion = () =>
  useRegionMutation((body: RegionRequestBody) =>
    request(servicePath("activation", "/region-requests"), RegionRequest, { method: "POST", body }),
  );

export const useAnswerRegionRequest = () =>
  useRegionMutation(({ id, ...body }: RegionAnswerBody & { id: string }) =>
    request(servicePath("activation", `/region-requests/${id}/answer`), RegionRequest, {
      method: "POST",
      body,
    }),
  );
