import {
  AidOffer,
  AidRequest,
  type AidRequestBody,
  type FullRegionalPicture,
  Organisation,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { request, servicePath } from "./client.ts";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";

/** Requests made by, or addressed to, the signed-in user's organisation (the county for Länsstyrelsen). */
export function useAidRequests(picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.aidRequests(), picture);
  return useQuery({
    queryKey: queryKeys.aidRequests(),
    queryFn: ({ signal }) =>
      request(servicePath("activation", "/mutual-aid/requests"), z.array(AidRequest), { signal }),
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
  useAidMutation((body: AidRequestBody) =>
    request(servicePath("activation", "/mutual-aid/requests"), AidRequest, { method: "POST", body }),
  );

export const useOfferAid = () =>
  useAidMutation(({ requestId, quantity, note }: { requestId: string; quantity: number; note: string }) =>
    request(servicePath("activation", `/mutual-aid/requests/${requestId}/offers`), AidOffer, {
      method: "POST",
      body: { quantity, note },
    }),
  );

export const useAcceptOffer = () =>
  useAidMutation((offerId: string) =>
    request(servicePath("activation", `/mutual-aid/offers/${offerId}/accept`), z.unknown(), {
      method: "POST",
      body: {},
    }),
  );

/** One organisation as the roster knows it (name, neighbours); readable by every signed-in role. */
export function useOrganisation(organisationId: string) {
  return useQuery({
    queryKey: queryKeys.organisation(organisationId),
    queryFn: ({ signal }) =>
      request(servicePath("roster", `/organisations/${organisationId}`), Organisation, { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The county's organisations (names for ids from other counties' neighbours too, e.g. Båstad). */
export function useOrganisations(countyCode?: string) {
  return useQuery({
    queryKey: queryKeys.organisations(countyCode ?? "all"),
    queryFn: ({ signal }) =>
      request(servicePath("roster", "/organisations", { county: countyCode }), z.array(Organisation), {
        signal,
      }),
    staleTime: 5 * 60_000,
  });
}

/** The offering organisation names the people it sends (ids from its own roster). */
export const useDeployPeople = () =>
  useAidMutation(({ offerId, personIds }: { offerId: string; personIds: string[] }) =>
    request(servicePath("activation", `/mutual-aid/offers/${offerId}/deployments`), z.unknown(), {
      method: "POST",
      body: { personIds },
    }),
  );

/** Either side ends the deployment: everyone still out under the offer is released. */
export const useReleasePeople = () =>
  useAidMutation((offerId: string) =>
    request(servicePath("activation", `/mutual-aid/offers/${offerId}/release`), z.unknown(), {
      method: "POST",
      body: {},
    }),
  );
