import type { FaithAnswerBody, FaithRequestBody, FullRegionalPicture } from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";
import { activation, json, withSignal } from "./services.ts";

/**
 * Requests for faith communities through Länsstyrelsen's TiB (Halland "Kontakter med trossamfund
 * kan fås via Länsstyrelsens TiB"): the organisation's own, or those made to the signed-in county
 * board. Asked again as the picture moves on and every half minute, so an answer shows unasked.
 */
export function useFaithRequests(picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.faithRequests(), picture);
  return useQuery({
    queryKey: queryKeys.faithRequests(),
    queryFn: ({ signal }) => json(activation["faith-requests"].$get({}, withSignal(signal))),
    refetchInterval: 30_000,
  });
}

function useFaithMutation<T>(fn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.faithRequests() }),
  });
}

export const useRequestFaithCommunities = () =>
  useFaithMutation((body: FaithRequestBody) => json(activation["faith-requests"].$post({ json: body })));

export const useAnswerFaithRequest = () =>
  useFaithMutation(({ id, ...body }: FaithAnswerBody & { id: string }) =>
    json(activation["faith-requests"][":id"].answer.$post({ param: { id }, json: body })),
  );
