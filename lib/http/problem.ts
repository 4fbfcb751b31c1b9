import "server-only";
import { ZodError } from "zod";
import { AppError, isAppError, type FieldError } from "@/lib/errors";
import { alreadyExists, isRecordNotFound, isUniqueViolation } from "@/lib/db/errors";
import { log } from "@/lib/log";

const pointerOf = (root: string, path: PropertyKey[]) => `${root}/${path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

/** zod issues as RFC 6901 pointers into the request; an unknown field points at itself. */
export function fieldErrors(error: ZodError, root = ""): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ pointer: pointerOf(root, [...issue.path, key]), code: "unknown_field", message: `${key} is not a field of this request` }))
      : [{ pointer: pointerOf(root, issue.path), code: issue.code, message: issue.message }],
  );
}

/** Any thrown value as an AppError; unknown failures are logged and become a bare 500. */
export function toAppError(e: unknown, requestId: string): AppError {
  if (isAppError(e)) return e;
  if (e instanceof ZodError) return new AppError("validation_failed", "The request is not valid", { errors: fieldErrors(e) });
  if (isUniqueViolation(e)) return alreadyExists();
  if (isRecordNotFound(e)) return new AppError("not_found", "Resource not found");
  log.error({ err: e, requestId }, "unhandled error");
  return new AppError("internal_error", `An unexpected error occurred. Quote request id ${requestId} when reporting it.`);
}

/** RFC 9457 problem+json, with the seeds' machine code in `code`. */
export function problemResponse(error: AppError, requestId: string, headers?: HeadersInit): Response {
  const body: Record<string, unknown> = {
    type: `https://penaxtra.dev/problems/${error.code.replace(/_/g, "-")}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    request_id: requestId,
    ...error.extras.members,
  };
  if (error.extras.errors) body.errors = error.extras.errors;
  const h = new Headers(headers);
  h.set("content-type", "application/problem+json");
  h.set("x-request-id", requestId);
  for (const [k, v] of Object.entries(error.extras.headers ?? {})) h.set(k, v);
  if (error.extras.retryAfterSeconds !== undefined) h.set("retry-after", String(error.extras.retryAfterSeconds));
  return new Response(JSON.stringify(body), { status: error.status, headers: h });
}
