import { ipInCidrs, normalizeIp } from ".";

/**
 * The socket address of the peer, as stamped by scripts/server.mjs on every
 * request. The server overwrites any value a client sends, so it cannot be
 * spoofed.
 */
export const PEER_HEADER = "x-penaxtra-peer-ip";

/** The peer, when it is one of the trusted reverse proxies. */
function trustedPeer(headers: Headers, trusted: readonly string[]): string | null {
  const peer = normalizeIp(headers.get(PEER_HEADER));
  return peer && trusted.length > 0 && ipInCidrs(peer, trusted) ? peer : null;
}

/** Whether the request came through a trusted proxy (whose headers are believed). */
export function viaTrustedProxy(headers: Headers, trusted: readonly string[]): boolean {
  return trustedPeer(headers, trusted) !== null;
}

/**
 * The client IP: the socket address, unless that peer is a trusted proxy, in
 * which case X-Forwarded-For is walked from the right, skipping trusted hops,
 * and the first untrusted address is the client.
 */
export function clientIpFrom(headers: Headers, trusted: readonly string[]): string | null {
  const peer = normalizeIp(headers.get(PEER_HEADER));
  if (!peer) return null;
  if (!trustedPeer(headers, trusted)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i]);
    if (!hop) break;
    client = hop;
    if (!ipInCidrs(hop, trusted)) break;
  }
  return client;
}
