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
