export interface FieldError {
  field: string;
  message: string;
}

/**
 * The errors a handler throws; the one error handler turns each into application/problem+json.
 * Each kind is one the caller can act on.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }
}

export class InvalidError extends AppError {
  constructor(detail: string, errors?: readonly FieldError[]) {
    super(400, "Invalid request", detail, errors);
  }
}
export class UnauthorizedError extends AppError {
  constructor(detail = "A valid access token is required.") {
    super(401, "Unauthorized", detail);
  }
}
export class ForbiddenError extends AppError {
  constructor(detail = "You are not allowed to do this.") {
    super(403, "Forbidden", detail);
  }
}
export class NotFoundError extends AppError {
  constructor(detail = "Not found.") {
    super(404, "Not found", detail);
  }
}
export class ConflictError extends AppError {
  constructor(detail: string) {
    super(409, "Conflict", detail);
  }
}
export class UnprocessableError extends AppError {
  constructor(detail: string, errors?: readonly FieldError[]) {
    super(422, "Unprocessable request", detail, errors);
  }
}
export class TooManyRequestsError extends AppError {
  constructor(detail = "Too many requests; try again shortly.") {
    super(429, "Too many requests", detail);
  }
}
export class ServiceUnavailableError extends AppError {
  constructor(detail: string) {
    super(503, "Service unavailable", detail);
  }
}
