import type { EndpointTest } from "@/lib/db/generated/client";
import type { EndpointTestView } from "./schema";

export type { EndpointTestView };

export function toTestView(r: EndpointTest): EndpointTestView {
  return {
    test_id: r.id,
    endpoint_id: r.endpointId,
    tested_at: r.testedAt.toISOString(),
    upstream_status: r.upstreamStatus,
    latency_ms: r.latencyMs,
    verdict: r.verdict as EndpointTestView["verdict"],
    reason: r.reason as EndpointTestView["reason"],
    detail: r.detail,
  };
}

