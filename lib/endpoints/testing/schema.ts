import { z } from "zod";
import { TEST_REASONS } from "./outcome";

export const testRequestSchema = z
  .strictObject({ prompt: z.string().min(1, "Write a prompt, or leave the field out for the default").max(4000, "Use at most 4000 characters") })
  .partial();

export const endpointTestViewSchema = z
  .strictObject({
    test_id: z.string(),
    endpoint_id: z.string(),
    tested_at: z.string(),
    upstream_status: z.number().int().nullable(),
    latency_ms: z.number().int(),
    verdict: z.enum(["pass", "fail"]),
    reason: z.enum(TEST_REASONS).nullable(),
    detail: z.string(),
  })
  .meta({ id: "EndpointTest" });

export type EndpointTestView = z.infer<typeof endpointTestViewSchema>;

export const testHistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export type TestHistoryQuery = z.infer<typeof testHistoryQuerySchema>;

export const testHistoryPageSchema = z.object({ data: z.array(endpointTestViewSchema), next_cursor: z.string().nullable() });
