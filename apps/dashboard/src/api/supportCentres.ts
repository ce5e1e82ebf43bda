import {
  Centre,
  CentreTemplate,
  type CooperationPartner,
  type CreateCentreBody,
  type CreateCentreTemplateBody,
  type FullRegionalPicture,
  type PartnershipAnswerBody,
  type PhoneContactBody,
  type ReunificationSearchBody,
  type UpdateCentreTemplateBody,
  type VisitorArrivalBody,
  VisitorDetails,
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
    mutationFn: (body: CreateCentreBody): Promise<Centre> =>
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

/** The operator records a partner the guideline names as contacted or not needed. */
export function useRecordCooperation(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      partner,
      status,
    }: {
      id: string;
      partner: CooperationPartner;
      status: "contacted" | "not-needed";
    }) =>
      request(servicePath("support-centres", `/centres/${id}/cooperation/${partner}`), Centre, {
        method: "PUT",
        body: { status },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}

/** The named co-operator's answer to running a joint centre. */
export function useAnswerPartnership(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, answer }: { id: string; answer: PartnershipAnswerBody["answer"] }) =>
      request(servicePath("support-centres", `/centres/${id}/partnership`), Centre, {
        method: "POST",
        body: { answer },
      }),
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

/** PKL's default places (the region's hospitals); every role may read them. */
export function useCentreTemplates(organisationId: string) {
  return useQuery({
    queryKey: queryKeys.centreTemplates(organisationId),
    queryFn: ({ signal }) =>
      request(
        servicePath("support-centres", "/centre-templates", { organisationId }),
        z.array(CentreTemplate),
        {
          signal,
        },
      ),
    staleTime: 5 * 60_000,
  });
}

/** Prepared premises for the signed-in lead's own organisation (Laholm 3.2). */
export function useCreateCentreTemplate(organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCentreTemplateBody) =>
      request(servicePath("support-centres", "/centre-templates"), CentreTemplate, { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centreTemplates(organisationId) }),
  });
}

/** Changes the organisation's prepared premises (place, capacity, equipment). */
export function useUpdateCentreTemplate(organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateCentreTemplateBody }) =>
      request(servicePath("support-centres", `/centre-templates/${id}`), CentreTemplate, {
        method: "PATCH",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centreTemplates(organisationId) }),
  });
}

/** One call to the relatives' telephone line, logged as a contact (PKL registers every caller). */
export function useLogPhoneContact(countyCode: string, centreId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PhoneContactBody) =>
      request(servicePath("support-centres", `/centres/${centreId}/phone-contacts`), VisitorSummary, {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}

/** The service's answer (apps/support-centres reunification.store.ts); personal data, never cached. */
export const ReunificationCandidates = z.object({
  candidates: z.array(
    z.object({
      visitorId: z.uuid(),
      centreId: z.uuid(),
      name: z.string(),
      dateOfBirth: z.string().nullable(),
      personnummer: z.string().nullable(),
      relation: z.string(),
      present: z.boolean(),
    }),
  ),
});
export type ReunificationCandidate = z.infer<typeof ReunificationCandidates>["candidates"][number];

/**
 * A relative asks for a person. A mutation, not a query: the answer holds personal data and lives
 * only in the calling component's state, never in the query cache (gcTime 0 for the same reason).
 */
export function useReunificationSearch() {
  return useMutation({
    mutationFn: (body: ReunificationSearchBody) =>
      request(servicePath("support-centres", "/reunification/searches"), ReunificationCandidates, {
        method: "POST",
        body,
      }),
    gcTime: 0,
  });
}

/**
 * The organisation's visitors still present in a centre, with their names (the service audits
 * every named visitor it shows). Asked again only when the centre's counts move (an arrival or a
 * departure), not at every change of the county's picture, so no read happens without a reason;
 * dropped from memory as soon as the list leaves the screen.
 */
export function useVisitorsPresent(centre: Centre) {
  return useQuery({
    queryKey: queryKeys.visitorsPresent(centre.id, centre.counts.present, centre.counts.total),
    queryFn: ({ signal }) =>
      request(
        servicePath("support-centres", `/centres/${centre.id}/visitors`, {
          present: "true",
          details: "true",
        }),
        z.array(VisitorDetails),
        { signal },
      ),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
}

/** The visitor has left the centre (children leave through a handover instead). */
export function useRecordDeparture(countyCode: string, centreId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (visitorId: string) =>
      request(
        servicePath("support-centres", `/centres/${centreId}/visitors/${visitorId}/departure`),
        VisitorSummary,
        {
          method: "POST",
        },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}
