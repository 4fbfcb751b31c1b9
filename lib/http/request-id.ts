import { randomBase62 } from "@/lib/ids";

/** Accepts a sane incoming X-Request-Id (from a proxy), otherwise mints one. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : `req_${randomBase62(16)}`;
}
