import { describe, expect, it } from "vitest";
import { ipInCidrs, normalizeCidr, normalizeIp } from ".";

describe("ip", () => {
  it("normalises IPv4-mapped IPv6 to IPv4", () => {
    expect(normalizeIp("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(normalizeIp("::FFFF:cb00:7107")).toBe("203.0.113.7");
    expect(normalizeIp("[2001:db8::1]")).toBe("2001:db8::1");
  });

  it("refuses what is not an address", () => {
    for (const bad of ["", "example.com", "10.1", "0x7f.1", "300.1.1.1", "1.2.3.4/8"]) expect(normalizeIp(bad)).toBeNull();
  });

  it("canonicalises CIDR ranges and refuses malformed ones", () => {
    expect(normalizeCidr("10.1.2.3/8")).toBe("10.0.0.0/8");
    expect(normalizeCidr("203.0.113.7")).toBe("203.0.113.7/32");
    expect(normalizeCidr("2001:db8::1/32")).toBe("2001:db8::/32");
    expect(normalizeCidr("::ffff:10.0.0.0/104")).toBe("10.0.0.0/8");
    for (const bad of ["10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8/8", "banana/8", "::/129", "10.0.0.0/"]) {
      expect(normalizeCidr(bad)).toBeNull();
    }
  });

  it("matches addresses against ranges of either family, mapped forms included", () => {
    expect(ipInCidrs("10.9.8.7", ["10.0.0.0/8"])).toBe(true);
    expect(ipInCidrs("::ffff:10.9.8.7", ["10.0.0.0/8"])).toBe(true);
    expect(ipInCidrs("10.9.8.7", ["::ffff:10.0.0.0/104"])).toBe(true);
    expect(ipInCidrs("11.0.0.1", ["10.0.0.0/8"])).toBe(false);
    expect(ipInCidrs("2001:db8::5", ["2001:db8::/32"])).toBe(true);
    expect(ipInCidrs("2001:db9::5", ["2001:db8::/32", "10.0.0.0/8"])).toBe(false);
    expect(ipInCidrs("not-an-ip", ["0.0.0.0/0"])).toBe(false);
  });
});
