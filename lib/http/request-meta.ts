import "server-only";
import { config } from "@/lib/config";
import { clientIpFrom, viaTrustedProxy } from "@/lib/ip/client-ip";
import { requestIdFrom } from "./request-id";

export type RequestMeta = { clientIp: string | null; requestId: string };

/** Who is calling and under which request id, believing only trusted proxies. */
export function requestMeta(headers: Headers): RequestMeta {
  const trusted = config().PENAXTRA_TRUSTED_PROXIES;
  return { clientIp: clientIpFrom(headers, trusted), requestId: requestIdFrom(headers, viaTrustedProxy(headers, trusted)) };
}
