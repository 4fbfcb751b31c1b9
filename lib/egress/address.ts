import ipaddr from "ipaddr.js";
import { ipInCidrs } from "@/lib/ip";
import type { EgressAllowlist } from "@/lib/egress/allowlist";

// The egress guard's range table: which destination addresses an outbound
// call may reach without the operator's explicit admission. Pure functions.

export type AddressDecision = { allowed: true } | { allowed: false; why: string };

/** Characters that end or change a URL host (userinfo, path, query, fragment, whitespace). */
const NOT_A_HOST = /[/\\?#@\s]/;

/**
 * The canonical IP address a host spells, or null when it is a name.
 *
 * Spellings are read by the WHATWG URL parser, the same parser that decides
 * where a request goes, so every form it accepts (127.1, 2130706433, 0x7f.1,
 * 0177.0.0.1, 127%2e0.0.1, full-width digits, a trailing dot) lands on the
 * same dotted quad here. IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address
 * it carries; other IPv6 forms keep their RFC 5952 text (::7f00:1,
 * 64:ff9b::7f00:1) and addressDecision looks inside them. An IPv6 zone is
 * dropped. A string that is not a valid host at all also answers null.
 */
export function hostLiteral(host: string): string | null {
  let text = host.trim();
  if (!text || NOT_A_HOST.test(text) || text.startsWith("[") !== text.endsWith("]")) return null;
  if (text.includes(":") || text.startsWith("[")) {
    text = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
    if (text.includes("[") || text.includes("]")) return null;
    text = `[${text}]`;
  }
  let hostname: string;
  try {
    hostname = new URL(`http://${text}/`).hostname;
  } catch {
    return null;
  }
  const bare = hostname.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return null;
  // The URL parser leaves only dotted quads and bracketed IPv6 as addresses;
  // anything else ipaddr.js would read (e.g. "1.2.3") the parser called a name.
  if (!bare.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(bare)) return null;
  const addr = ipaddr.parse(bare);
  if (addr instanceof ipaddr.IPv6 && addr.isIPv4MappedAddress()) return addr.toIPv4Address().toString();
  return addr.toString();
}

const METADATA = new Set(["169.254.169.254", "fd00:ec2::254"]);

const IPV4_WHY: Record<string, string> = {
  unspecified: "an unspecified (0.0.0.0/8) address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT (100.64.0.0/10) address",
  private: "a private address",
  reserved: "a reserved address",
  as112: "a reserved (AS112) address",
  amt: "a reserved (AMT) address",
};

const IPV6_WHY: Record<string, string> = {
  unspecified: "the unspecified IPv6 address",
  linkLocal: "an IPv6 link-local address",
  multicast: "an IPv6 multicast address",
  loopback: "the IPv6 loopback address",
  uniqueLocal: "an IPv6 unique-local address",
  deprecatedSiteLocal: "an IPv6 site-local address",
  rfc6145: "an IPv4-translated IPv6 address",
  rfc6052: "a local-use NAT64 address",
  "6to4": "a 6to4 transition address",
  teredo: "a Teredo transition address",
};

const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");
const GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");

function embeddedIpv4(addr: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = addr.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12));
}

function ipv4Refusal(addr: ipaddr.IPv4): string | null {
  const text = addr.toString();
  if (METADATA.has(text)) return "a cloud metadata address";
  const range = addr.range();
  if (range === "unicast") return null;
  return IPV4_WHY[range] ?? "a reserved address";
}

function ipv6Refusal(addr: ipaddr.IPv6): string | null {
  const text = addr.toString();
  if (METADATA.has(text)) return "a cloud metadata address";
  const range = addr.range();
  if (addr.match(NAT64_WELL_KNOWN)) {
    const inner = embeddedIpv4(addr);
    const why = ipv4Refusal(inner);
    return why && `the NAT64 form of ${inner.toString()}, ${why}`;
  }
  if (range === "unspecified" || range === "loopback") return IPV6_WHY[range];
  if (addr.match(IPV4_COMPATIBLE)) return `the IPv4-compatible form of ${embeddedIpv4(addr).toString()}`;
  if (IPV6_WHY[range]) return IPV6_WHY[range];
  // Outside 2000::/3 the IPv6 space is reserved or unassigned; inside it,
  // ipaddr.js names documentation, benchmarking and other special blocks.
  if (!addr.match(GLOBAL_UNICAST) || range !== "unicast") return "a reserved IPv6 address";
  return null;
}

/**
 * Whether an outbound call may reach this address: public unicast passes;
 * loopback, private, link-local, metadata, CGNAT, 0.0.0.0/8, multicast,
 * reserved, IPv6 unique-local/link-local and IPv4-in-IPv6 forms of any of them
 * are refused unless a CIDR of the allowlist contains the address itself.
 * Any numeric spelling is accepted (see hostLiteral); a non-address is refused.
 */
export function addressDecision(ip: string, allow: EgressAllowlist): AddressDecision {
  const canonical = hostLiteral(ip);
  if (!canonical) return { allowed: false, why: "it is not an IP address" };
  if (ipInCidrs(canonical, allow.cidrs)) return { allowed: true };
  const addr = ipaddr.parse(canonical);
  const why = addr instanceof ipaddr.IPv4 ? ipv4Refusal(addr) : ipv6Refusal(addr);
  return why ? { allowed: false, why: `${canonical} is ${why}` } : { allowed: true };
}
