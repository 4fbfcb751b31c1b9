import type { z } from "zod";
import type { ErrorCode } from "@/lib/errors";
import type { Scope } from "@/lib/tokens/scopes";

// A route, declared once: its path, method, operationId, summary, who may
// call it, and the schemas of its parameters, body and answer. withApi
// (lib/http/with-api.ts) enforces the declaration; the OpenAPI document
// (./document.ts) is generated from the same objects; a test checks every
// declared route against the route files and their real answers.

export type Method = "get" | "post" | "put" | "patch" | "delete";

export type RouteSpec<B = unknown, Q = unknown, R = unknown> = {
  method: Method;
  /** OpenAPI path, e.g. "/api/v2/endpoints/{id}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /**
   * "token": a workspace bearer token (with `scope` when the route needs one).
   * "superadmin": a superadmin's platform token or console session (same-origin); X-Instance-Id picks the scope.
   * "public": no authentication.
   */
  auth: "token" | "superadmin" | "public";
  scope?: Scope;
  params?: z.ZodObject;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** A validation failure at one of these JSON pointers answers this code instead of validation_failed. */
  fieldCodes?: Record<string, ErrorCode>;
  response: { status: 200 | 201 | 204; description: string; schema?: z.ZodType<R> };
  /** Other non-problem answers (e.g. health's 503 with the same body). */
  otherResponses?: { status: number; description: string; schema: z.ZodType }[];
  /** The audit action of a mutation (e.g. "endpoint.create"); reads are "api.request". */
  auditAction?: string;
  /** The `detail` of this route's 401 and superadmin_required 403 answers, where a seed fixes their wording. */
  authErrors?: { unauthorized?: string; forbidden?: string };
  /** The failures this route can answer besides those of authentication and parsing. */
  errors?: ErrorCode[];
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any>;

/** The parsed body, query and answer types a declaration implies. */
export type BodyOf<S extends AnyRoute> = S["body"] extends z.ZodType<infer B> ? B : undefined;
export type QueryOf<S extends AnyRoute> = S["query"] extends z.ZodType<infer Q> ? Q : undefined;
export type ResponseOf<S extends AnyRoute> = S["response"]["schema"] extends z.ZodType<infer R> ? R : undefined;

/** Declares a route (the identity function, keeping the literal types for withApi). */
export function defineRoute<const S extends AnyRoute>(spec: S): S {
  return spec;
}
