import type {
  AppendLogbookEntryBody,
  CreateEvaluationBody,
  DebriefUpdateBody,
  FaithCommunityBody,
  FullRegionalPicture,
  SubmitSituationReportBody,
  UpdateFaithCommunityBody,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorOf } from "./client.ts";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";
import { done, json, reporting, withSignal } from "./services.ts";

const incident = reporting.incidents[":incidentId"];
const activationRecord = reporting.activations[":activationId"];
const aidGiven = reporting["aid-requests"][":aidRequestId"];
const faithCommunities = reporting["faith-communities"];

// ---- the outcome of an activation's evaluation, fed back to everyone who took part ----

/**
 * Whose evaluation: an activation's, or for people sent to another county's deployment their own
 * organisation's record of the help it gave under the aid request.
 */
export type OutcomeOf = { activationId: string } | { aidRequestId: string };

/**
 * The outcome of a closed activation's evaluation. The evaluation is started by reporting's
 * after-action consumer, apart from the picture's: the picture can show the activation closed (and
 * the panel ask) before the evaluation exists, so "none" is looked at again shortly until it does.
 * An evaluation marked done moves no picture, so an open one is looked at again now and then.
 */
export function useEvaluationOutcome(of: OutcomeOf, picture: FullRegionalPicture | undefined) {
  const key = queryKeys.evaluationOutcome("activationId" in of ? of.activationId : `aid/${of.aidRequestId}`);
  useRefreshOnPicture(key, picture);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      json(
        "activationId" in of
          ? activationRecord["evaluation-outcome"].$get(
              { param: { activationId: of.activationId } },
              withSignal(signal),
            )
          : aidGiven["evaluation-outcome"].$get(
              { param: { aidRequestId: of.aidRequestId } },
              withSignal(signal),
            ),
      ),
    refetchInterval: (query) =>
      query.state.status === "error" ? false : OUTCOME_RECHECK_MS[query.state.data?.status ?? "none"],
  });
}

/** How soon the outcome is asked for again, by what it last said (false: not again). */
const OUTCOME_RECHECK_MS = { none: 2_000, open: 60_000, done: false } as const;

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
      json(
        incident["logbook-entries"].$get(
          { param: { incidentId: incidentId ?? "" }, query: { organisationId, logbook, personId } },
          withSignal(signal),
        ),
      ),
    enabled: incidentId !== undefined,
  });
}

export function useAppendLogbookEntry(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AppendLogbookEntryBody) =>
      json(incident["logbook-entries"].$post({ param: { incidentId }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.logbooks(incidentId) }),
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
      json(
        incident["situation-reports"].$get(
          { param: { incidentId: incidentId ?? "" }, query: {} },
          withSignal(signal),
        ),
      ),
    enabled: incidentId !== undefined,
  });
}

export function useSubmitSituationReport(incidentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SubmitSituationReportBody) =>
      json(incident["situation-reports"].$post({ param: { incidentId }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.situationReports(incidentId) }),
  });
}

/** Länsstyrelsen: who has reported on each extraordinary incident, and who is overdue. */
export function useReportingStatus(countyCode: string, picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.reportingStatus(countyCode), picture);
  return useQuery({
    queryKey: queryKeys.reportingStatus(countyCode),
    queryFn: ({ signal }) =>
      json(reporting["situation-reports"].status.$get({ query: { county: countyCode } }, withSignal(signal))),
  });
}

// ---- after an activation ----

export function useParticipants(activationId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.participants(activationId ?? ""),
    queryFn: ({ signal }) =>
      json(
        activationRecord.participants.$get(
          { param: { activationId: activationId ?? "" } },
          withSignal(signal),
        ),
      ),
    enabled: activationId !== undefined,
    // The after-action record is filled from the activation's events shortly after they happen.
    refetchInterval: (query) => ((query.state.data?.length ?? 0) === 0 ? 2_000 : false),
  });
}

export function useOfferDebriefs(activationId: string, organisationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      json(activationRecord.debriefs.$post({ param: { activationId }, json: { organisationId } })),
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
      json(
        activationRecord.debriefs[":personId"].$put({
          param: { activationId, personId },
          json: { organisationId, ...body },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.participants(activationId), (rows: (typeof updated)[] | undefined) =>
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
      json(
        activationRecord.debriefs[":personId"]["occupational-health"].$put({
          param: { activationId, personId },
          json: { organisationId },
        }),
      ),
    onSuccess: (updated) =>
      queryClient.setQueryData(queryKeys.participants(activationId), (rows: (typeof updated)[] | undefined) =>
        rows?.map((p) => (p.personId === updated.personId ? updated : p)),
      ),
  });
}

export function useEvaluations() {
  return useQuery({
    queryKey: queryKeys.evaluations(),
    queryFn: ({ signal }) => json(reporting.evaluations.$get({}, withSignal(signal))),
  });
}

export function useCreateEvaluation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEvaluationBody) => json(reporting.evaluations.$post({ json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.evaluations() }),
  });
}

// ---- faith communities (Länsstyrelsen's list) ----

export function useFaithCommunities(countyCode: string) {
  return useQuery({
    queryKey: queryKeys.faithCommunities(countyCode),
    queryFn: ({ signal }) =>
      json(faithCommunities.$get({ query: { county: countyCode } }, withSignal(signal))),
  });
}

export function useCreateFaithCommunity(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FaithCommunityBody) => json(faithCommunities.$post({ json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.faithCommunities(countyCode) }),
  });
}

/** PATCH /faith-communities/:id: the fields to change (Länsstyrelsen keeps the list). */
export function useUpdateFaithCommunity(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateFaithCommunityBody }) =>
      json(faithCommunities[":id"].$patch({ param: { id }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.faithCommunities(countyCode) }),
  });
}

/** DELETE /faith-communities/:id (204, no body). */
export function useDeleteFaithCommunity(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => done(faithCommunities[":id"].$delete({ param: { id } })),
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
      json(
        incident["situation-reports"].$get(
          { param: { incidentId }, query: { organisationId } },
          withSignal(signal),
        ),
      ),
  });
}

/**
 * Fetches one version as PDF (with the signed-in user's token, which a plain link would not
 * carry) and hands it to the browser as a download under the service's file name.
 */
export async function downloadReportPdf(report: { incidentId: string; id: string; version: number }) {
  const response = await incident["situation-reports"][":reportId"].pdf.$get(
    { param: { incidentId: report.incidentId, reportId: report.id } },
    { headers: { Accept: "application/pdf, application/problem+json" } },
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
      json(
        incident["crisis-management-briefing"].$get(
          { param: { incidentId: incidentId ?? "" } },
          withSignal(signal),
        ),
      ),
    enabled: enabled && incidentId !== undefined,
  });
}
