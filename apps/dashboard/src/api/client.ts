import { FullRegionalPicture, Problem, type ServiceName, servicePathPrefix } from "@krisstod/contracts";
import type { z } from "zod";

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
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = await accessTokenProvider();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401 && token) onUnauthorized();
  return response;
}

export async function errorOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const problem = Problem.safeParse(body);
  return new ApiError(response.status, problem.success ? problem.data : undefined);
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** One JSON request; the answer is parsed with its contract (a body that does not match is an error). */
export async function request<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const headers = new Headers({ Accept: "application/json" });
  if (options.body !== undefined) headers.set("Content-Type", "application/json");
  const response = await authorizedFetch(path, {
    method: options.method ?? "GET",
    headers,
    signal: options.signal ?? null,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  if (!response.ok) throw await errorOf(response);
  return schema.parse(await response.json());
}

/** `/api/<service><path>?<params>` through the dashboard's proxy. */
export function servicePath(
  service: ServiceName,
  path: string,
  params: Record<string, string | number | undefined> = {},
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
  const search = query.toString();
  return `${servicePathPrefix(service)}${path}${search ? `?${search}` : ""}`;
}

export const api = {
  picture: (countyCode: string, signal?: AbortSignal) =>
    request(servicePath("reporting", "/picture", { county: countyCode }), FullRegionalPicture, { signal }),

  /** The county's change stream; read with the bearer token by src/picture/eventStream.ts. */
  pictureStreamPath: (countyCode: string) => servicePath("reporting", "/stream", { county: countyCode }),
};
