import { Problem, RegionalPicture } from "@krisstod/contracts";
import type { z } from "zod";

/**
 * Supplies the bearer token for API calls. Sign-in (`@krisstod/auth`) will register its provider
 * here at start; until then requests go without one.
 */
export type AccessTokenProvider = () => Promise<string | undefined> | string | undefined;

let accessTokenProvider: AccessTokenProvider = () => undefined;

export function setAccessTokenProvider(provider: AccessTokenProvider): void {
  accessTokenProvider = provider;
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

async function request<S extends z.ZodType>(
  path: string,
  schema: S,
  init: { signal?: AbortSignal | undefined } = {},
): Promise<z.infer<S>> {
  const headers = new Headers({ Accept: "application/json" });
  const token = await accessTokenProvider();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(path, { headers, signal: init.signal ?? null });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    const problem = Problem.safeParse(body);
    throw new ApiError(response.status, problem.success ? problem.data : undefined);
  }
  // The contracts are the boundary: a body that does not match them is an error, not data.
  return schema.parse(await response.json());
}

const reportingPath = (path: string, params: Record<string, string>) =>
  `/api/reporting${path}?${new URLSearchParams(params).toString()}`;

export const api = {
  picture: (countyCode: string, signal?: AbortSignal) =>
    request(reportingPath("/picture", { county: countyCode }), RegionalPicture, { signal }),

  /**
   * URL of the county's change stream, resuming after `lastEventId`. EventSource cannot send an
   * Authorization header: when sign-in arrives, the stream needs a cookie or a short-lived
   * stream ticket here rather than the bearer token.
   */
  pictureStreamUrl: (countyCode: string, lastEventId: number) =>
    reportingPath("/stream", { county: countyCode, lastEventId: String(lastEventId) }),
};
