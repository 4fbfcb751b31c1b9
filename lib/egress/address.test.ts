import { describe, expect, it } from "vitest";
import { addressDecision, hostLiteral } from "@/lib/egress/address";
import type { EgressAllowlist } from "@/lib/egress/allowlist";
import { REFUSED, SPELLINGS } from "@/lib/egress/test-tables";
import { isLoopbackLiteral } from "@/lib/egress/test-tripwire";

const NONE: EgressAllowlist = { cidrs: [], hosts: [] };

describe("hostLiteral", () => {
  it.each(SPELLINGS)("reads %s as %s", (spelling, canonical) => {
    expect(hostLiteral(spelling)).toBe(canonical);
  });

  it.each(["api.openai.com", "localhost", "example.com.", "1.2.3.example", "xn--nxasmq6b.example"])(
    "answers null for the name %s",
    (name) => expect(hostLiteral(name)).toBeNull(),
  );

  it.each(["", "127.0.0.1/x", "a@127.0.0.1", "127.0.0.1?x", "08.0.0.1", "1.2.3.4.5", "[::1"])(
    "answers null for %j, which is no address",
    (junk) => expect(hostLiteral(junk)).toBeNull(),
  );
});

describe("addressDecision", () => {
  it.each(REFUSED)("refuses %s", (ip, why) => {
    const decision = addressDecision(ip, NONE);
    expect(decision.allowed).toBe(false);
    expect(!decision.allowed && decision.why).toMatch(why);
  });

  it.each(SPELLINGS)("refuses the spelling %s of %s", (spelling) => {
    expect(addressDecision(spelling, NONE).allowed).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "104.18.0.1", "2606:4700:4700::1111", "2a00:1450:4001::64", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8"])(
    "lets the public address %s through",
    (ip) => expect(addressDecision(ip, NONE)).toEqual({ allowed: true }),
  );

  it("refuses what is not an address", () => {
    expect(addressDecision("api.openai.com", NONE)).toEqual({ allowed: false, why: "it is not an IP address" });
  });

  it("admits an address inside an allowlisted CIDR, in any spelling, and nothing next to it", () => {
    const allow: EgressAllowlist = { cidrs: ["127.0.0.1/32", "10.0.0.0/8", "fd00::/8"], hosts: [] };
    for (const ip of ["127.0.0.1", "127.1", "2130706433", "::ffff:127.0.0.1", "10.9.8.7", "fd00:ec2::254"]) {
      expect(addressDecision(ip, allow), ip).toEqual({ allowed: true });
    }
    for (const ip of ["127.0.0.2", "::1", "::127.0.0.1", "64:ff9b::7f00:1", "192.168.0.1", "169.254.169.254", "fc00::1"]) {
      expect(addressDecision(ip, allow).allowed, ip).toBe(false);
    }
  });

  it("is not swayed by host names in the allowlist", () => {
    expect(addressDecision("10.0.0.1", { cidrs: [], hosts: ["llm.internal"] }).allowed).toBe(false);
  });
});

describe("the tests' socket tripwire", () => {
  it.each(["127.0.0.1", "127.0.0.2", "::1", "[::1]", "::ffff:127.0.0.1"])("lets %s through", (host) => {
    expect(isLoopbackLiteral(host)).toBe(true);
  });

  it.each(["10.0.0.1", "169.254.169.254", "8.8.8.8", "localhost", "127.1", "127.0.0.256", "::2", "fd00:ec2::254"])(
    "stops %s",
    (host) => expect(isLoopbackLiteral(host)).toBe(false),
  );
});
