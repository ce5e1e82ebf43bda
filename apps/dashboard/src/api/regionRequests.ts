import type { FullRegionalPicture, RegionAnswerBody, RegionRequestBody } from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";
import { activation, json, withSignal } from "./services.ts";

/**
 * Requests to the region through its TIB (Halland "Kontakter med Region Halland sker via TIB"): a
 * municipality's own, or those made to the signed-in region. Asked again as the picture moves on
 * and every half minute, so an answer (or a new request at the TIB) shows without a reload.
 */
export function useRegionRequests(picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.regionRequests(), picture);
  return useQuery({
    queryKey: queryKeys.regionRequests(),
    queryFn: ({ signal }) => json(activation["region-requests"].$get({}, withSignal(signal))),
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
  useRegionMutation((body: RegionRequestBody) => json(activation["region-requests"].$post({ json: body })));

export const useAnswerRegionRequest = () =>
  useRegionMutation(({ id, ...body }: RegionAnswerBody & { id: string }) =>
    json(activation["region-requests"][":id"].answer.$post({ param: { id }, json: body })),
  );
