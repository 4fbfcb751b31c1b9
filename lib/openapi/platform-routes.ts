import { z } from "zod";
import { defineRoute } from "./route";

export const healthSchema = z.object({ status: z.enum(["ok", "degraded"]), database: z.enum(["ok", "unreachable"]) });

export const healthRoute = defineRoute({
  method: "get",
  path: "/api/health",
  operationId: "getHealth",
  summary: "Health",
  description: "Liveness and database reachability. Answers 503 with the same body when the database is unreachable.",
  tag: "Platform",
  auth: "public",
  response: { status: 200, description: "Healthy", schema: healthSchema },
  otherResponses: [{ status: 503, description: "The database is unreachable", schema: healthSchema }],
});

export const openApiRoute = defineRoute({
  method: "get",
  path: "/api/v2/openapi.json",
  operationId: "getOpenApiDocument",
  summary: "This document",
  description: "OpenAPI 3.1, generated from the route declarations. Lists only live routes.",
  tag: "Platform",
  auth: "public",
  response: { status: 200, description: "OpenAPI 3.1 document", schema: z.record(z.string(), z.unknown()) },
});

export const benchBaselineQuerySchema = z.object({ bytes: z.coerce.number().int().min(0).max(1_000_000).default(0) });

export const benchBaselineRoute = defineRoute({
  method: "get",
  path: "/api/v2/bench/baseline",
  operationId: "getBenchBaseline",
  summary: "Benchmark baseline",
  description:
    "Benchmark baseline, 404 unless PENAXTRA_BENCH=1. No authentication and no database work: answers a JSON body padded to about `bytes` bytes, so `npm run bench` can compare the real routes with the server's own floor.",
  tag: "Platform",
  auth: "public",
  query: benchBaselineQuerySchema,
  response: { status: 200, description: "A padded JSON body", schema: z.object({ padding: z.string() }) },
  errors: ["not_found"],
});
