import { randomBase62 } from "@/lib/ids";

/**
 * The request id: a trusted proxy's X-Request-Id when sane (so logs line up
 * across hops), otherwise one minted here. A client talking to the server
 * directly cannot choose it, so it cannot forge another event's id.
 */
export function requestIdFrom(headers: Headers, fromTrustedProxy: boolean): string {
  const incoming = fromTrustedProxy ? headers.get("x-request-id") : null;
  return incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : `req_${randomBase62(16)}`;
}
