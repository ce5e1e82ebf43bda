import { SERVICE_NAMES, type ServiceName } from "@krisstod/contracts";
import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { errorOf } from "./client.ts";
import { queryKeys } from "./queryKeys.ts";
import { auditOf, json, withSignal } from "./services.ts";

/** The services that keep an audit trail of personal-data access, each verified on its own. */
export const auditedServices = SERVICE_NAMES;
export type AuditedService = ServiceName;

/** How often the admin's alert asks each service for its latest scheduled verification. */
const STATUS_POLL_MS = 60_000;

/** Each service's latest scheduled verification (`GET /audit/status`), kept fresh for the alert. */
export function useAuditStatuses(enabled: boolean) {
  return useQueries({
    queries: auditedServices.map((service) => ({
      queryKey: queryKeys.auditStatus(service),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        json(auditOf(service).status.$get({}, withSignal(signal))),
      enabled,
      refetchInterval: STATUS_POLL_MS,
    })),
  });
}

/** Verifies one service's trail now (`GET /audit/verify`); the result replaces its status. */
export function useVerifyAuditTrail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (service: AuditedService) => json(auditOf(service).verify.$get()),
    onSuccess: (verification, service) =>
      client.setQueryData(queryKeys.auditStatus(service), { checked: true, ...verification }),
  });
}

/** Downloads the organisation's audit rows of a period from one service as CSV (with the verification). */
export async function downloadAuditExport(service: AuditedService, from: string, to: string): Promise<void> {
  const response = await auditOf(service).export.$get(
    { query: { from, to } },
    { headers: { Accept: "text/csv, application/problem+json" } },
  );
  if (!response.ok) throw await errorOf(response);
  const name =
    /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ??
    `granskningslogg-${service}.csv`;
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.click();
  } finally {
    // The file holds staff names and whose records they opened: keep no copy in the page.
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  }
}
