import {
  type FullRegionalPicture,
  Problem,
  type RecordNetworkMeetingBody,
  type RosterGroup,
  servicePathPrefix,
  type YearlyDuty,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { InferResponseType } from "hono/client";
import { ApiError, currentAccessToken, reportUnauthorized } from "./client.ts";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";
import { json, roster, withSignal } from "./services.ts";

const organisation = roster.organisations[":id"];

/** GET /readiness?county=: every municipality of the county, with its name (roster's own answer). */
export function useCountyReadiness(countyCode: string, picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.readiness(countyCode), picture);
  return useQuery({
    queryKey: queryKeys.readiness(countyCode),
    queryFn: ({ signal }) =>
      json(roster.readiness.$get({ query: { county: countyCode } }, withSignal(signal))),
  });
}

/** A yearly duty done today (guideline review, network meeting, training plan): its reminder goes. */
export function useRecordYearlyDuty(organisationId: string, countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { duty: YearlyDuty; on?: string }) =>
      json(organisation["yearly-duties"].$post({ param: { id: organisationId }, json: body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.readiness(countyCode) }),
  });
}

/**
 * GET /network-meetings?county=: the county network's recorded meetings, newest first. A meeting
 * recorded changes its attendees' readiness, which moves the picture: read again then.
 */
export function useNetworkMeetings(countyCode: string, picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.networkMeetings(countyCode), picture);
  return useQuery({
    queryKey: queryKeys.networkMeetings(countyCode),
    queryFn: ({ signal }) =>
      json(roster["network-meetings"].$get({ query: { county: countyCode } }, withSignal(signal))),
  });
}

/** Länsstyrelsen records a network meeting: the attendees' reminders go, the list grows. */
export function useRecordNetworkMeeting(countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordNetworkMeetingBody) => json(roster["network-meetings"].$post({ json: body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.readiness(countyCode) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.networkMeetings(countyCode) }),
      ]),
  });
}

export function useCallList(organisationId: string, group: RosterGroup) {
  return useQuery({
    queryKey: queryKeys.callList(organisationId, group),
    queryFn: ({ signal }) =>
      json(
        organisation["call-lists"][":group"].$get(
          { param: { id: organisationId, group } },
          withSignal(signal),
        ),
      ),
  });
}

const importRoute = organisation["call-lists"].import;

/**
 * The roster's import report: `errors` name the file's line and column, so the lead can fix the
 * spreadsheet row by row.
 */
export type ImportReport = InferResponseType<typeof importRoute.$post, 200>;

/**
 * Uploads a call-list file. XMLHttpRequest rather than fetch, because only it reports upload
 * progress (`onProgress` gets 0–1) — what the lead watches while a large workbook goes up.
 */
export async function importCallLists(options: {
  organisationId: string;
  file: File;
  dryRun: boolean;
  onProgress: (share: number) => void;
}): Promise<ImportReport> {
  const format = options.file.name.toLowerCase().endsWith(".xlsx") ? "xlsx" : "csv";
  const url = `${servicePathPrefix("roster")}${importRoute.$path({
    param: { id: options.organisationId },
    query: { format, dryRun: String(options.dryRun) },
  })}`;
  const token = await currentAccessToken();
  const { status, body } = await new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader(
      "Content-Type",
      format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv",
    );
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        parsed = undefined;
      }
      resolve({ status: xhr.status, body: parsed });
    };
    xhr.onerror = () => reject(new Error("the upload failed"));
    xhr.send(options.file);
  });
  options.onProgress(1);
  if (status === 401) reportUnauthorized();
  if (status >= 200 && status < 300) return body as ImportReport;
  const problem = Problem.safeParse(body);
  throw new ApiError(status, problem.success ? problem.data : undefined);
}
