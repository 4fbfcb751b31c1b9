import ipaddr from "ipaddr.js";

// IP parsing and CIDR matching through ipaddr.js: IPv4, IPv6 and IPv4-mapped
// IPv6 (::ffff:a.b.c.d is the IPv4 address it carries, everywhere).

type Address = ipaddr.IPv4 | ipaddr.IPv6;

function unmap(addr: Address): Address {
  return addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()
    ? (addr as ipaddr.IPv6).toIPv4Address()
    : addr;
}

/** Canonical text of an address, or null when it is not one. Strips an IPv6 zone. */
export function normalizeIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = raw.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(text)) return null;
  // ipaddr accepts legacy forms such as "10.1" or octal; only dotted quads count.
  if (!text.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  return unmap(ipaddr.parse(text)).toString();
}

/** Parses "a.b.c.d/n", "x::/n" or a bare address (a /32 or /128). Canonical form, or null. */
export function normalizeCidr(raw: string): string | null {
  const text = raw.trim();
  const [addrPart, bitsPart, ...rest] = text.split("/");
  if (rest.length > 0) return null;
  const addr = normalizeIp(addrPart);
  if (!addr) return null;
  const parsed = ipaddr.parse(addr);
  const max = parsed.kind() === "ipv4" ? 32 : 128;
  let bits = max;
  if (bitsPart !== undefined) {
    if (!/^\d{1,3}$/.test(bitsPart)) return null;
    bits = Number(bitsPart);
    // An IPv4-mapped range such as ::ffff:10.0.0.0/104 becomes 10.0.0.0/8.
    if (addrPart.includes(":") && parsed.kind() === "ipv4") bits -= 96;
    if (bits < 0 || bits > max) return null;
  }
  const network = ipaddr.parseCIDR(`${addr}/${bits}`);
  const base = parsed.kind() === "ipv4"
    ? ipaddr.IPv4.networkAddressFromCIDR(`${addr}/${bits}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${addr}/${bits}`);
  return `${base.toString()}/${network[1]}`;
}

export function ipInCidrs(ip: string, cidrs: readonly string[]): boolean {
  const normalized = normalizeIp(ip);
  if (!normalized) return false;
  const addr = ipaddr.parse(normalized);
  return cidrs.some((cidr) => {
    const canonical = normalizeCidr(cidr);
    if (!canonical) return false;
    const [range, bits] = ipaddr.parseCIDR(canonical);
    return range.kind() === addr.kind() && addr.match(range, bits);
  });
}

/**
 * The key a client is throttled by: an IPv4 address as is, an IPv6 address by
 * its /64 (one subscriber usually holds a whole /64 and can rotate through it).
 */
export function throttleKeyOf(ip: string | null): string {
  const normalized = normalizeIp(ip);
  if (!normalized) return "unknown";
  const addr = ipaddr.parse(normalized);
  if (addr.kind() === "ipv4") return normalized;
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${normalized}/64`).toString()}/64`;
}

/** Parses a comma-separated list of IPs/CIDRs; throws naming the bad entry. */
export function parseCidrList(raw: string): string[] {
  return raw.split(",").map((s) => s.trim()).filter(Boolean).map((s) => {
    const cidr = normalizeCidr(s);
    if (!cidr) throw new Error(`"${s}" is not an IP address or CIDR range`);
    return cidr;
  });
}
