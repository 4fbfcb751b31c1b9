import { ipInCidrs, normalizeCidr, normalizeIp } from "@/lib/ip";

// PENAXTRA_EGRESS_ALLOW: the operator's exceptions to the egress guard, as
// CIDR ranges and exact host names. Pure parsing and matching; the guard
// that applies it to every outbound call lives beside it.

export type EgressAllowlist = { cidrs: string[]; hosts: string[] };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Parses "10.0.0.0/8, llm.internal, ::1"; throws naming the entry that is neither. */
export function parseEgressAllowlist(raw: string): EgressAllowlist {
  const out: EgressAllowlist = { cidrs: [], hosts: [] };
  for (const entry of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
    const cidr = normalizeCidr(entry);
    if (cidr) out.cidrs.push(cidr);
    else if (HOST_NAME.test(entry.toLowerCase())) out.hosts.push(entry.toLowerCase());
    else throw new Error(`"${entry}" is neither an IP range nor a host name`);
  }
  return out;
}

/** Whether the operator admitted this host (a name, or an IP literal inside a range). */
export function allowlistAdmits(list: EgressAllowlist, host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, "");
  const ip = normalizeIp(bare);
  if (ip) return ipInCidrs(ip, list.cidrs);
  return list.hosts.includes(bare.replace(/\.$/, ""));
}
