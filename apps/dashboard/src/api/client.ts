import { Problem } from "@krisstod/contracts";

/** Supplies the bearer token for API calls; sign-in (src/auth) registers its provider here. */
export type AccessTokenProvider = () => Promise<string | undefined> | string | undefined;

let accessTokenProvider: AccessTokenProvider = () => undefined;
let onUnauthorized: () => void = () => {};

export function setAccessTokenProvider(provider: AccessTokenProvider): void {
  accessTokenProvider = provider;
}

/** The token for a request that cannot go through `authorizedFetch` (an upload with progress). */
export async function currentAccessToken(): Promise<string | undefined> {
  return accessTokenProvider();
}

/** Reports a refused token from such a request, as `authorizedFetch` does. */
export function reportUnauthorized(): void {
  onUnauthorized();
}

/** Called when a service refuses the token (401): the session is over, sign in again. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** A non-2xx answer; `problem` holds the service's problem+json body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
  }
}

/** `fetch` with the signed-in user's bearer token; a 401 ends the session. */
export async function authorizedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = await accessTokenProvider();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(input, { ...init, headers });
  if (response.status === 401 && token) onUnauthorized();
  return response;
}

/** The `ApiError` of a refused request, with the service's problem+json when it sent one. */
export async function errorOf(response: { status: number; json(): Promise<unknown> }): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const problem = Problem.safeParse(body);
  return new ApiError(response.status, problem.success ? problem.data : undefined);
}
