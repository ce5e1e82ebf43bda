import type { AidRequestBody, FullRegionalPicture } from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";
import { activation, json, roster, withSignal } from "./services.ts";

/** Requests made by, or addressed to, the signed-in user's organisation (the county for Länsstyrelsen). */
export function useAidRequests(picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.aidRequests(), picture);
  return useQuery({
    queryKey: queryKeys.aidRequests(),
    queryFn: ({ signal }) => json(activation["mutual-aid"].requests.$get({ query: {} }, withSignal(signal))),
  });
}

function useAidMutation<T>(fn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.aidRequests() }),
  });
}

export const useRequestAid = () =>
  useAidMutation((body: AidRequestBody) => json(activation["mutual-aid"].requests.$post({ json: body })));

export const useOfferAid = () =>
  useAidMutation(({ requestId, quantity, note }: { requestId: string; quantity: number; note: string }) =>
    json(
      activation["mutual-aid"].requests[":id"].offers.$post({
        param: { id: requestId },
        json: { quantity, note },
      }),
    ),
  );

/** An asked organisation cannot help: the asker sees the no (across counties too, over the hub). */
export const useDeclineAid = () =>
  useAidMutation((requestId: string) =>
    json(
      activation["mutual-aid"].requests[":id"].decline.$post({
        param: { id: requestId },
        json: { note: "" },
      }),
    ),
  );

export const useAcceptOffer = () =>
  useAidMutation((offerId: string) =>
    json(activation["mutual-aid"].offers[":id"].accept.$post({ param: { id: offerId }, json: {} })),
  );

/** One organisation as the roster knows it (name, neighbours); readable by every signed-in role. */
export function useOrganisation(organisationId: string) {
  return useQuery({
    queryKey: queryKeys.organisation(organisationId),
    queryFn: ({ signal }) =>
      json(roster.organisations[":id"].$get({ param: { id: organisationId } }, withSignal(signal))),
    staleTime: 5 * 60_000,
  });
}

/** The county's organisations (names for ids from other counties' neighbours too, e.g. Båstad). */
export function useOrganisations(countyCode?: string) {
  return useQuery({
    queryKey: queryKeys.organisations(countyCode ?? "all"),
    queryFn: ({ signal }) =>
      json(roster.organisations.$get({ query: { county: countyCode } }, withSignal(signal))),
    staleTime: 5 * 60_000,
  });
}

/** The offering organisation names the people it sends (ids from its own roster). */
export const useDeployPeople = () =>
  useAidMutation(({ offerId, personIds }: { offerId: string; personIds: string[] }) =>
    json(
      activation["mutual-aid"].offers[":id"].deployments.$post({
        param: { id: offerId },
        json: { personIds },
      }),
    ),
  );

/** Either side ends the deployment: everyone still out under the offer is released. */
export const useReleasePeople = () =>
  useAidMutation((offerId: string) =>
    json(activation["mutual-aid"].offers[":id"].release.$post({ param: { id: offerId }, json: {} })),
  );
