import "server-only";
import { config } from "@/lib/config";
import { ipInCidrs, normalizeCidr, normalizeIp } from "@/lib/ip";

/**
 * The socket address of the peer, as stamped by server.mjs on every request.
 * The server overwrites any value a client sends, so it cannot be spoofed.
 */
export const PEER_HEADER = "x-penaxtra-peer-ip";

let trustedCache: { raw: string; cidrs: string[] } | undefined;

function trustedProxies(): string[] {
  const raw = config().PENAXTRA_TRUSTED_PROXIES;
  if (trustedCache?.raw !== raw) {
    const cidrs = raw.split(",").map((s) => s.trim()).filter(Boolean).map((s) => {
      const c = normalizeCidr(s);
      if (!c) throw new Error(`PENAXTRA_TRUSTED_PROXIES: "${s}" is not an IP address or CIDR range`);
      return c;
    });
    trustedCache = { raw, cidrs };
  }
  return trustedCache.cidrs;
}

/**
 * The client IP: the socket address, unless that peer is a configured trusted
 * proxy, in which case X-Forwarded-For is walked from the right, skipping
 * trusted hops, and the first untrusted address is the client.
 */
export function clientIp(headers: Headers): string | null {
  const peer = normalizeIp(headers.get(PEER_HEADER));
  if (!peer) return null;
  const trusted = trustedProxies();
  if (trusted.length === 0 || !ipInCidrs(peer, trusted)) return peer;
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
