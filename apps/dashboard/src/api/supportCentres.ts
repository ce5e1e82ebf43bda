import type {
  Centre,
  ChildHandoverBody,
  CooperationPartner,
  CreateCentreBody,
  CreateCentreTemplateBody,
  FullRegionalPicture,
  PartnershipAnswerBody,
  PhoneContactBody,
  ReferralDestination,
  ReunificationSearchBody,
  UpdateCentreTemplateBody,
  VisitorArrivalBody,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";
import { json, supportCentres, withSignal } from "./services.ts";

const centres = supportCentres.centres;
const templates = supportCentres["centre-templates"];

/**
 * The county's centres as the support-centres service shows them to this user (exact counts for
 * the operating organisation). Refetched when the live picture moves: occupancy changes are events.
 */
export function useCentres(countyCode: string, picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.centres(countyCode), picture);
  return useQuery({
    queryKey: queryKeys.centres(countyCode),
    queryFn: ({ signal }) => json(centres.$get({ query: { county: countyCode } }, withSignal(signal))),
  });
}

export function useCreateCentre(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCentreBody) => json(centres.$post({ json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}

export function useChangeCentreStatus(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, to }: { id: string; to: "open" | "close" }) =>
      json(centres[":id"][to].$post({ param: { id } })),
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
    }) => json(centres[":id"].cooperation[":partner"].$put({ param: { id, partner }, json: { status } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}

/** The named co-operator's answer to running a joint centre. */
export function useAnswerPartnership(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, answer }: { id: string; answer: PartnershipAnswerBody["answer"] }) =>
      json(centres[":id"].partnership.$post({ param: { id }, json: { answer } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}

/** One arrival; the answer holds no personal data, and nothing of the form is kept after it. */
export function useRegisterVisitor(countyCode: string, centreId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: VisitorArrivalBody) =>
      json(centres[":id"].visitors.$post({ param: { id: centreId }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}

/** PKL's default places (the region's hospitals); every role may read them. */
export function useCentreTemplates(organisationId: string) {
  return useQuery({
    queryKey: queryKeys.centreTemplates(organisationId),
    queryFn: ({ signal }) => json(templates.$get({ query: { organisationId } }, withSignal(signal))),
    staleTime: 5 * 60_000,
  });
}

/** Prepared premises for the signed-in lead's own organisation (Laholm 3.2). */
export function useCreateCentreTemplate(organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCentreTemplateBody) => json(templates.$post({ json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centreTemplates(organisationId) }),
  });
}

/** Changes the organisation's prepared premises (place, capacity, equipment). */
export function useUpdateCentreTemplate(organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateCentreTemplateBody }) =>
      json(templates[":id"].$patch({ param: { id }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centreTemplates(organisationId) }),
  });
}

/** One call to the relatives' telephone line, logged as a contact (PKL registers every caller). */
export function useLogPhoneContact(countyCode: string, centreId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PhoneContactBody) =>
      json(centres[":id"]["phone-contacts"].$post({ param: { id: centreId }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}

/**
 * A relative asks for a person. A mutation, not a query: the answer holds personal data and lives
 * only in the calling component's state, never in the query cache (gcTime 0 for the same reason).
 */
export function useReunificationSearch() {
  return useMutation({
    mutationFn: (body: ReunificationSearchBody) =>
      json(supportCentres.reunification.searches.$post({ json: body })),
    gcTime: 0,
  });
}

/**
 * The organisation's visitors still present in a centre, with their names (the service audits
 * every named visitor it shows). Asked again only when the centre's counts move (an arrival or a
 * departure), not at every change of the county's picture, so no read happens without a reason;
 * dropped from memory as soon as the list leaves the screen.
 */
export function useVisitorsPresent(centre: Centre, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.visitorsPresent(centre.id, centre.counts.present, centre.counts.total),
    queryFn: ({ signal }) =>
      json(
        centres[":id"].visitors.details.$get(
          { param: { id: centre.id }, query: { present: "true" } },
          withSignal(signal),
        ),
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
      json(centres[":id"].visitors[":visitorId"].departure.$post({ param: { id: centreId, visitorId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}

/** A visitor referred on to another service (vårdcentral, BUP, the employer's occupational health …). */
export function useReferVisitor(centreId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ visitorId, to }: { visitorId: string; to: ReferralDestination }) =>
      json(
        centres[":id"].visitors[":visitorId"].referrals.$post({
          param: { id: centreId, visitorId },
          json: { to },
        }),
      ),
    // The list of those present shows where each was referred: asked again by name.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.visitorsPresentAt(centreId) }),
  });
}

/** A registered adult present in the centre is the child's guardian (the child is no longer unaccompanied). */
export function useLinkGuardian(countyCode: string, centreId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ childId, guardianVisitorId }: { childId: string; guardianVisitorId: string }) =>
      json(
        centres[":id"].visitors[":visitorId"].guardian.$post({
          param: { id: centreId, visitorId: childId },
          json: { guardianVisitorId },
        }),
      ),
    // The counts present do not move, so the list of those present is asked again by name.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.visitorsPresentAt(centreId) }),
      ]),
  });
}

/** A child handed over to someone, checked and logged (the child leaves the centre). */
export function useHandOverChild(countyCode: string, centreId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ childId, body }: { childId: string; body: ChildHandoverBody }) =>
      json(
        centres[":id"].visitors[":visitorId"].handovers.$post({
          param: { id: centreId, visitorId: childId },
          json: body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.centres(countyCode) }),
  });
}
