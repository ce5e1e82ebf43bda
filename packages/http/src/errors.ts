export interface FieldError {
  field: string;
  message: string;
}

/**
 * The stable code of an error that names no more specific one: what a client translates when it
 * knows nothing else about the refusal (see `problemResponse`).
 */
export const genericCodes: Readonly<Record<number, string>> = {
  400: "invalid-request",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  413: "payload-too-large",
  422: "unprocessable",
  429: "too-many-requests",
  500: "internal-error",
  503: "service-unavailable",
};

/** The code for a status without a more specific one (`http-<status>` for a rare status). */
export function genericCode(status: number): string {
  return genericCodes[status] ?? `http-${status}`;
}

/**
 * The errors a handler throws; the one error handler turns each into application/problem+json.
 * Each kind is one the caller can act on. `code` is the stable, language-neutral name of the
 * refusal (kebab-case, e.g. "incident-closed"): clients translate it, and it never changes when
 * the English `detail` is reworded.
 */
export class AppError extends Error {
  readonly code: string;
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors?: readonly FieldError[],
    code?: string,
  ) {
    super(detail ?? title);
    this.name = new.target.name;
    this.code = code ?? genericCode(status);
  }
}

export class InvalidError extends AppError {
  constructor(detail: string, errors?: readonly FieldError[], code?: string) {
    super(400, "Invalid request", detail, errors, code);
  }
}
export class UnauthorizedError extends AppError {
  constructor(detail = "A valid access token is required.", code?: string) {
    super(401, "Unauthorized", detail, undefined, code);
  }
}
export class ForbiddenError extends AppError {
  constructor(detail = "You are not allowed to do this.", code?: string) {
    super(403, "Forbidden", detail, undefined, code);
  }
}
export class NotFoundError extends AppError {
  constructor(detail = "Not found.", code?: string) {
    super(404, "Not found", detail, undefined, code);
  }
}
export class ConflictError extends AppError {
  constructor(detail: string, code?: string) {
    super(409, "Conflict", detail, undefined, code);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(detail: string, errors?: readonly FieldError[]) {
    super(413, "Payload too large", detail, errors);
  }
}
export class UnprocessableError extends AppError {
  constructor(detail: string, errors?: readonly FieldError[], code?: string) {
    super(422, "Unprocessable request", detail, errors, code);
  }
}
export class TooManyRequestsError extends AppError {
  constructor(detail = "Too many requests; try again shortly.", code?: string) {
    super(429, "Too many requests", detail, undefined, code);
  }
}
export class ServiceUnavailableError extends AppError {
  constructor(detail: string, code?: string) {
    super(503, "Service unavailable", detail, undefined, code);
  }
}
