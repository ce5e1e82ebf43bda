import {
  type AppendLogbookEntryBody,
  type CreateEvaluationBody,
  CrisisManagementBriefing,
  type DebriefUpdateBody,
  Evaluation,
  EvaluationOutcome,
  FaithCommunity,
  type FaithCommunityBody,
  type FullRegionalPicture,
  LogbookEntry,
  Participant,
  ReportingStatus,
  SituationReport,
  type SubmitSituationReportBody,
  type UpdateFaithCommunityBody,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { authorizedFetch, errorOf, request, servicePath } from "./client.ts";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";

// ---- the outcome of an activation's evaluation, fed back to everyone who took part ----

export function useEvaluationOutcome(activationId: string) {
  return useQuery({
    queryKey: queryKeys.evaluationOutcome(activationId),
    queryFn: ({ signal }) =>
      request(
        servicePath("reporting", `/activations/${activationId}/evaluation-outcome`),
        EvaluationOutcome,
        { signal },
      ),
  });
}

// ---- logbook: append-only; a correction is a new entry naming the one it corrects ----

export function useLogbook(
  incidentId: string | undefined,
  organisationId: string,
  logbook: "ledningsgrupp" | "personal",
  personId: string | undefined,
) {
  return useQuery({
    queryKey: queryKeys.logbook(incidentId ?? "", organisationId, `${logbook}:${personId ?? ""}`),
    queryFn: ({ signal }) =>
      request(
        servicePath("reporting", `/incidents/${incidentId}/logbook-entries`, {
          organisationId,
          logbook,
          personId,
        }),
        z.array(LogbookEntry),
        { signal },
      ),
    enabled: incidentId !== undefined,
  });
}

export function useAppendLogbookEntry(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AppendLogbookEntryBody) =>
      request(servicePath("reporting", `/incidents/${incidentId}/logbook-entries`), LogbookEntry, {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["reporting", "logbook", incidentId] }),
  });
}

// ---- situation reports ----

export function useSituationReports(
  incidentId: string | undefined,
  picture: FullRegionalPicture | undefined,
) {
  useRefreshOnPicture(queryKeys.situationReports(incidentId ?? ""), picture);
  return useQuery({
    queryKey: queryKeys.situationReports(incidentId ?? ""),
    queryFn: ({ signal }) =>
      request(
        servicePath("reporting", `/incidents/${incidentId}/situation-reports`),
        z.array(SituationReport),
        { signal },
      ),
    enabled: incidentId !== undefined,
  });
}

export function useSubmitSituationReport(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SubmitSituationReportBody) =>
      request(servicePath("reporting", `/incidents/${incidentId}/situation-reports`), SituationReport, {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.situationReports(incidentId) }),
  });
}

/** Länsstyrelsen: who has reported on each extraordinary incident, and who is overdue. */
export function useReportingStatus(countyCode: string, picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.reportingStatus(countyCode), picture);
  return useQuery({
    queryKey: queryKeys.reportingStatus(countyCode),
    queryFn: ({ signal }) =>
      request(
        servicePath("reporting", "/situation-reports/status", { county: countyCode }),
        ReportingStatus,
        {
          signal,
        },
      ),
  });
}

// ---- after an activation ----

export function useParticipants(activationId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.participants(activationId ?? ""),
    queryFn: ({ signal }) =>
      request(servicePath("reporting", `/activations/${activationId}/participants`), z.array(Participant), {
        signal,
      }),
    enabled: activationId !== undefined,
    // The after-action record is filled from the activation's events shortly after they happen.
    refetchInterval: (query) => ((query.state.data?.length ?? 0) === 0 ? 2_000 : false),
  });
}

export function useOfferDebriefs(activationId: string, organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      request(servicePath("reporting", `/activations/${activationId}/debriefs`), z.unknown(), {
        method: "POST",
        body: { organisationId },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.participants(activationId) }),
  });
}

/**
 * PUT /activations/:id/debriefs/:personId: a participant accepted or declined the debrief, or it
 * was held (`at`). The answer (that person's row) goes into the table at once; the summary's
 * debrief counts are fetched again.
 */
export function useUpdateDebrief(activationId: string, organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ personId, ...body }: { personId: string } & Omit<DebriefUpdateBody, "organisationId">) =>
      request(
        servicePath("reporting", `/activations/${activationId}/debriefs/${encodeURIComponent(personId)}`),
        Participant,
        { method: "PUT", body: { organisationId, ...body } },
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.participants(activationId), (rows: Participant[] | undefined) =>
        rows?.map((p) => (p.personId === updated.personId ? updated : p)),
      );
      return queryClient.invalidateQueries({ queryKey: queryKeys.activationSummary(activationId) });
    },
  });
}

/** Laholm 3.7: the debrief is organised "tillsammans med Företagshälsovården" — record a referral. */
export function useReferToOccupationalHealth(activationId: string, organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (personId: string) =>
      request(
        servicePath(
          "reporting",
          `/activations/${activationId}/debriefs/${encodeURIComponent(personId)}/occupational-health`,
        ),
        Participant,
        { method: "PUT", body: { organisationId } },
      ),
    onSuccess: (updated) =>
      queryClient.setQueryData(queryKeys.participants(activationId), (rows: Participant[] | undefined) =>
        rows?.map((p) => (p.personId === updated.personId ? updated : p)),
      ),
  });
}

export function useEvaluations() {
  return useQuery({
    queryKey: queryKeys.evaluations(),
    queryFn: ({ signal }) =>
      request(servicePath("reporting", "/evaluations"), z.array(Evaluation), { signal }),
  });
}

export function useCreateEvaluation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEvaluationBody) =>
      request(servicePath("reporting", "/evaluations"), Evaluation, { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.evaluations() }),
  });
}

// ---- faith communities (Länsstyrelsen's list) ----

export function useFaithCommunities(countyCode: string) {
  return useQuery({
    queryKey: queryKeys.faithCommunities(countyCode),
    queryFn: ({ signal }) =>
      request(
        servicePath("reporting", "/faith-communities", { county: countyCode }),
        z.array(FaithCommunity),
        {
          signal,
        },
      ),
  });
}

export function useCreateFaithCommunity(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FaithCommunityBody) =>
      request(servicePath("reporting", "/faith-communities"), FaithCommunity, { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.faithCommunities(countyCode) }),
  });
}

/** PATCH /faith-communities/:id: the fields to change (Länsstyrelsen keeps the list). */
export function useUpdateFaithCommunity(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateFaithCommunityBody }) =>
      request(servicePath("reporting", `/faith-communities/${id}`), FaithCommunity, {
        method: "PATCH",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.faithCommunities(countyCode) }),
  });
}

/** DELETE /faith-communities/:id (204, no body). */
export function useDeleteFaithCommunity(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const response = await authorizedFetch(servicePath("reporting", `/faith-communities/${id}`), {
        method: "DELETE",
      });
      if (!response.ok) throw await errorOf(response);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.faithCommunities(countyCode) }),
  });
}

/** Every version of one organisation's situation reports on an incident (Länsstyrelsen reads any of its county's). */
export function useReportVersions(
  incidentId: string,
  organisationId: string,
  picture: FullRegionalPicture | undefined,
) {
  const key = [...queryKeys.situationReports(incidentId), organisationId] as const;
  useRefreshOnPicture(key, picture);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      request(
        servicePath("reporting", `/incidents/${incidentId}/situation-reports`, { organisationId }),
        z.array(SituationReport),
        { signal },
      ),
  });
}

/**
 * Fetches one version as PDF (with the signed-in user's token, which a plain link would not
 * carry) and hands it to the browser as a download under the service's file name.
 */
export async function downloadReportPdf(report: { incidentId: string; id: string; version: number }) {
  const response = await authorizedFetch(
    servicePath("reporting", `/incidents/${report.incidentId}/situation-reports/${report.id}/pdf`),
  );
  if (!response.ok) throw await errorOf(response);
  const name =
    /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ??
    `lagesrapport-v${report.version}.pdf`;
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // After the click has started the download.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

// ---- POSOM's lägesbild and needs for the municipality's activated crisis management ----

export function useCrisisManagementBriefing(
  incidentId: string | undefined,
  enabled: boolean,
  picture: FullRegionalPicture | undefined,
) {
  useRefreshOnPicture(queryKeys.crisisManagementBriefing(incidentId ?? ""), picture);
  return useQuery({
    queryKey: queryKeys.crisisManagementBriefing(incidentId ?? ""),
    queryFn: ({ signal }) =>
      request(
        servicePath("reporting", `/incidents/${incidentId}/crisis-management-briefing`),
        CrisisManagementBriefing,
        { signal },
      ),
    enabled: enabled && incidentId !== undefined,
  });
}
