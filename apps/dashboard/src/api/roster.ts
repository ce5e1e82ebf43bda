import {
  type FullRegionalPicture,
  Person,
  Problem,
  Readiness,
  type RosterGroup,
  type YearlyDuty,
} from "@krisstod/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { ApiError, currentAccessToken, reportUnauthorized, request, servicePath } from "./client.ts";
import { useRefreshOnPicture } from "./live.ts";
import { queryKeys } from "./queryKeys.ts";

/** GET /readiness?county=: every municipality of the county, with its name (roster's own answer). */
export const CountyReadiness = z.array(Readiness.extend({ name: z.string() }));

export function useCountyReadiness(countyCode: string, picture: FullRegionalPicture | undefined) {
  useRefreshOnPicture(queryKeys.readiness(countyCode), picture);
  return useQuery({
    queryKey: queryKeys.readiness(countyCode),
    queryFn: ({ signal }) =>
      request(servicePath("roster", "/readiness", { county: countyCode }), CountyReadiness, { signal }),
  });
}

/** A yearly duty done today (guideline review, network meeting, training plan): its reminder goes. */
export function useRecordYearlyDuty(organisationId: string, countyCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (duty: YearlyDuty) =>
      request(servicePath("roster", `/organisations/${organisationId}/yearly-duties`), Readiness, {
        method: "POST",
        body: { duty },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.readiness(countyCode) }),
  });
}

export const CallList = z.object({
  organisationId: z.string(),
  group: z.string(),
  reviewedAt: z.string().nullable(),
  entries: z.array(z.object({ position: z.number().int(), person: Person })),
});
export type CallList = z.infer<typeof CallList>;

export function useCallList(organisationId: string, group: RosterGroup) {
  return useQuery({
    queryKey: queryKeys.callList(organisationId, group),
    queryFn: ({ signal }) =>
      request(servicePath("roster", `/organisations/${organisationId}/call-lists/${group}`), CallList, {
        signal,
      }),
  });
}

/**
 * The roster's import report (not in the contracts: apps/roster/src/transfer/transfer.store.ts).
 * `errors` name the file's line and column, so the lead can fix the spreadsheet row by row.
 */
export const ImportReport = z.object({
  dryRun: z.boolean(),
  valid: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  removedFromLists: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), column: z.string(), reason: z.string() })),
});
export type ImportReport = z.infer<typeof ImportReport>;

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
  const url = servicePath("roster", `/organisations/${options.organisationId}/call-lists/import`, {
    format,
    dryRun: String(options.dryRun),
  });
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
  if (status >= 200 && status < 300) return ImportReport.parse(body);
  const problem = Problem.safeParse(body);
  throw new ApiError(status, problem.success ? problem.data : undefined);
}
