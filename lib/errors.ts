// One error type for the whole product. Services throw AppError; the route and
// action wrappers in lib/http turn it into RFC 9457 problem+json or a form
// result. This module imports nothing of the transport.

export const ERROR_TABLE = {
  validation_failed: { status: 400, title: "Bad Request" },
  bad_request: { status: 400, title: "Bad Request" },
  token_in_query: { status: 400, title: "Bad Request" },
  invalid_wire_format: { status: 400, title: "Bad Request" },
  invalid_provider: { status: 400, title: "Bad Request" },
  invalid_key_method: { status: 400, title: "Bad Request" },
  handle_mismatch: { status: 400, title: "Bad Request" },
  missing_token: { status: 401, title: "Unauthorized" },
  invalid_token: { status: 401, title: "Unauthorized" },
  expired_token: { status: 401, title: "Unauthorized" },
  unauthenticated: { status: 401, title: "Unauthorized" },
  missing_scope: { status: 403, title: "Forbidden" },
  ip_not_allowed: { status: 403, title: "Forbidden" },
  forbidden: { status: 403, title: "Forbidden" },
  instance_header_forbidden: { status: 403, title: "Forbidden" },
  // Superadmin routes: a workspace token or a non-superadmin session.
  superadmin_required: { status: 403, title: "Forbidden" },
  // A platform token on a workspace route.
  platform_token_not_accepted: { status: 403, title: "Forbidden" },
  // A console session's unsafe request from another site (CSRF).
  cross_site_request: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not Found" },
  conflict: { status: 409, title: "Conflict" },
  already_exists: { status: 409, title: "Conflict" },
  url_duplicate: { status: 409, title: "Conflict" },
  secret_in_use: { status: 409, title: "Conflict" },
  last_owner: { status: 409, title: "Conflict" },
  api_standard_in_use: { status: 409, title: "Conflict" },
  // An AI feature with no LLM configuration for the instance nor the control plane.
  ai_not_configured: { status: 409, title: "Conflict" },
  payload_too_large: { status: 413, title: "Content Too Large" },
  unsupported_media_type: { status: 415, title: "Unsupported Media Type" },
  secret_ref_unknown: { status: 422, title: "Unprocessable Content" },
  dlp_blocked: { status: 422, title: "Unprocessable Content" },
  api_standard_unknown: { status: 422, title: "Unprocessable Content" },
  rate_limited: { status: 429, title: "Too Many Requests" },
  internal_error: { status: 500, title: "Internal Server Error" },
  // An AI feature's provider call failed (the reason is in detail, never upstream bytes).
  upstream_failed: { status: 502, title: "Bad Gateway" },
  // A sealed secret that does not open for its row (copied ciphertext, missing key).
  secret_unreadable: { status: 500, title: "Internal Server Error" },
} as const;

export type ErrorCode = keyof typeof ERROR_TABLE;

export type FieldError = { pointer: string; code: string; message: string };

export type AppErrorExtras = {
  errors?: FieldError[];
  retryAfterSeconds?: number;
  /** Response headers the failure must carry (e.g. RateLimit on a 429). */
  headers?: Record<string, string>;
  /** Extra problem members, e.g. the users of a secret on secret_in_use. */
  members?: Record<string, unknown>;
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly extras: AppErrorExtras;

  constructor(code: ErrorCode, detail?: string, extras: AppErrorExtras = {}) {
    super(detail ?? ERROR_TABLE[code].title);
    this.name = "AppError";
    this.code = code;
    this.extras = extras;
  }

  get status(): number {
    return ERROR_TABLE[this.code].status;
  }

  get title(): string {
    return ERROR_TABLE[this.code].title;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export const notFound = (what = "Resource") => new AppError("not_found", `${what} not found`);

/** 400 validation_failed about one field, for the rules a service checks beyond the schema. */
export const invalidField = (pointer: string, message: string, code = "invalid") =>
  new AppError("validation_failed", message, { errors: [{ pointer, code, message }] });
