// Types only: the services' route types give every call its path, input and answer; `import type`
// keeps their server code out of the bundle (test/bundle.test.ts checks).
import type { ActivationApp } from "@krisstod/activation";
import type { AuditReviewRoutes } from "@krisstod/audit/review";
import { type ServiceName, servicePathPrefix } from "@krisstod/contracts";
import type { NationalReportingApp, ReportingApp } from "@krisstod/reporting";
import type { RosterApp } from "@krisstod/roster";
import type { CountySettingsRoutes } from "@krisstod/runtime/county-settings";
import type { SupportCentresApp } from "@krisstod/support-centres";
import { type ClientRequestOptions, type ClientResponse, hc } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import { authorizedFetch, errorOf } from "./client.ts";

/** Every call asks for JSON and goes with the signed-in user's token (a 401 ends the session). */
const signedIn: ClientRequestOptions = {
  fetch: authorizedFetch,
  headers: { Accept: "application/json" },
};

/** Each service's typed client, through the dashboard's proxy prefix (`/api/<name>`). */
export const roster = hc<RosterApp>(servicePathPrefix("roster"), signedIn);
export const activation = hc<ActivationApp>(servicePathPrefix("activation"), signedIn);
export const supportCentres = hc<SupportCentresApp>(servicePathPrefix("support-centres"), signedIn);
export const reporting = hc<ReportingApp>(servicePathPrefix("reporting"), signedIn);
/** Reporting in the national mode at the hub (#23), where the proxy has NATIONAL_URL. */
export const national = hc<NationalReportingApp>("/api/national", signedIn);

/**
 * The activation service without the user's token, for the answer link: the signed, single-use
 * link is the credential, and the person answering has no account.
 */
export const activationByLink = hc<ActivationApp>(servicePathPrefix("activation"), {
  headers: { Accept: "application/json" },
});

/**
 * The routes every service mounts alike, typed once by the package that declares them: the audit
 * review (`/audit`, packages/audit) and the county settings (`/county-settings`, packages/runtime).
 */
export const auditOf = (service: ServiceName) =>
  hc<AuditReviewRoutes>(`${servicePathPrefix(service)}/audit`, signedIn);
export const countySettingsOf = (service: ServiceName) =>
  hc<CountySettingsRoutes>(`${servicePathPrefix(service)}/county-settings`, signedIn);

/** The JSON body of a response's success statuses, as the route declares it. */
type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, "json"> ? (S extends SuccessStatusCode ? T : never) : never;

/** A route's JSON answer whatever its status (one that answers 409 with the same body too). */
type JsonBody<R> = R extends ClientResponse<infer T, number, "json"> ? T : never;

/** Reads a response the caller has judged by its status, as its route declares the JSON. */
export async function jsonOf<R extends ClientResponse<unknown, number, string>>(
  response: R,
): Promise<JsonBody<R>> {
  return (await response.json()) as JsonBody<R>;
}

/** Options for one call: the query's abort signal. */
export const withSignal = (signal: AbortSignal): ClientRequestOptions => ({ init: { signal } });

/**
 * The answer of a typed call: its JSON on success, else an `ApiError` carrying the service's
 * problem+json (errors.ts turns it into the user's language).
 */
export async function json<R extends ClientResponse<unknown, number, "json">>(
  call: Promise<R>,
): Promise<SuccessBody<R>> {
  const response = await call;
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as SuccessBody<R>;
}

/** A call whose success carries no body we use (204, or an answer nothing reads). */
export async function done(call: Promise<ClientResponse<unknown, number, string>>): Promise<void> {
  const response = await call;
  if (!response.ok) throw await errorOf(response);
}
