import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import type { EgressAllowlist } from "@/lib/egress/allowlist";
import { guardedFetch, type ConnectTarget, type EgressDeps, type EgressFailure, type GuardedRequest } from "@/lib/egress/guard";
import { REFUSED, SPELLINGS } from "@/lib/egress/test-tables";
import { installSocketTripwire } from "@/lib/egress/test-tripwire";

// guardedFetch's decisions through the connector seam: no test here opens a
// socket. The seam records what the guard would connect to and throws; the
// tripwire would stop (and fail the file on) any socket that is not loopback.

const NONE: EgressAllowlist = { cidrs: [], hosts: [] };
const SECRET = "sk-SECRET-7f3a";

let tripwire: ReturnType<typeof installSocketTripwire>;
beforeAll(() => {
  tripwire = installSocketTripwire();
});
afterAll(() => {
  tripwire.remove();
  expect(tripwire.refused).toEqual([]);
});

function seam(answers: Record<string, string[]> = {}) {
  const attempts: ConnectTarget[] = [];
  const lookups: string[] = [];
  const deps: EgressDeps = {
    lookup: async (host) => {
      lookups.push(host);
      const found = answers[host];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
      return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    },
    connect: (target) => {
      attempts.push(target);
      throw Object.assign(new Error("connect ECONNREFUSED (seam)"), { code: "ECONNREFUSED" });
    },
  };
  return { attempts, lookups, deps };
}

/** Runs a request that must fail with `reason`, with a secret in the query string and a header. */
async function failure(req: Omit<GuardedRequest, "method">, deps: EgressDeps, reason: EgressFailure) {
  const url = new URL(req.url);
  url.searchParams.set("api_key", SECRET);
  const err = await guardedFetch({ method: "POST", headers: { authorization: `Bearer ${SECRET}` }, allow: NONE, ...req, url: url.href }, deps)
    .then(() => null, (e: unknown) => e);
  expect(err, "guardedFetch should have failed").toMatchObject({ name: "EgressError", reason });
  const { message } = err as Error;
  expect(message).not.toContain(SECRET);
  expect(message).not.toContain("api_key");
  expect(message).not.toContain("?");
  expect(message).toMatch(/^[A-Z].*\.$/);
  return message;
}

const urlHost = (ip: string) => (ip.includes(":") ? `[${ip.replace(/^\[|\]$/g, "")}]` : ip);

describe("refused destinations never reach the connector", () => {
  const literals = REFUSED.filter(([ip]) => !ip.includes("%"));

  it.each(literals)("refuses http://%s/ with zero attempts", async (ip, why) => {
    const { attempts, deps } = seam();
    const message = await failure({ url: `http://${urlHost(ip)}:8080/v1` }, deps, "egress_blocked");
    expect(message).toMatch(why);
    expect(message).toContain("PENAXTRA_EGRESS_ALLOW");
    expect(attempts).toEqual([]);
  });

  it.each(SPELLINGS)("refuses the spelling https://%s/ with zero attempts", async (spelling) => {
    const { attempts, deps } = seam();
    await failure({ url: `https://${urlHost(spelling)}/v1` }, deps, "egress_blocked");
    expect(attempts).toEqual([]);
  });

  it.each(REFUSED)("refuses a name that resolves to %s alone, first or last among public answers", async (ip) => {
    for (const answers of [[ip], ["8.8.8.8", ip], [ip, "2606:4700:4700::1111"], ["1.1.1.1", ip, "8.8.4.4"]]) {
      const { attempts, deps } = seam({ "api.example.test": answers });
      await failure({ url: "https://api.example.test/v1/chat" }, deps, "egress_blocked");
      expect(attempts, answers.join(",")).toEqual([]);
    }
  });

  it("names the host and the refused answer, not the query", async () => {
    const { deps } = seam({ "llm.example.test": ["8.8.8.8", "::ffff:169.254.169.254"] });
    const message = await failure({ url: "https://llm.example.test/v1" }, deps, "egress_blocked");
    expect(message).toBe(
      "Calls to llm.example.test are refused because 169.254.169.254 is a cloud metadata address; admit it in PENAXTRA_EGRESS_ALLOW if that is intended.",
    );
  });

  it("does not let an allowlisted range admit the public-looking neighbour of a refused answer", async () => {
    const { attempts, deps } = seam({ "api.example.test": ["10.0.0.1", "192.168.0.1"] });
    await failure({ url: "http://api.example.test/", allow: { cidrs: ["10.0.0.0/8"], hosts: [] } }, deps, "egress_blocked");
    expect(attempts).toEqual([]);
  });
});

describe("admitted destinations are connected to exactly as checked", () => {
  it("connects a public IP literal to itself, without SNI", async () => {
    const { attempts, lookups, deps } = seam();
    await failure({ url: "https://8.8.8.8/v1" }, deps, "connection_refused");
    expect(lookups).toEqual([]);
    expect(attempts).toEqual([{ address: "8.8.8.8", port: 443, family: 4, tls: true, servername: undefined }]);
  });

  it("resolves a name once and connects to its checked first answer, with the name as SNI", async () => {
    const { attempts, lookups, deps } = seam({ "api.example.test": ["2606:4700:4700::1111", "1.1.1.1"] });
    await failure({ url: "https://api.example.test:8443/v1" }, deps, "connection_refused");
    expect(lookups).toEqual(["api.example.test"]);
    expect(attempts).toEqual([
      { address: "2606:4700:4700::1111", port: 8443, family: 6, tls: true, servername: "api.example.test" },
    ]);
  });

  it("connects to the IPv4 address an IPv4-mapped answer carries", async () => {
    const { attempts, deps } = seam({ "api.example.test": ["::ffff:8.8.8.8"] });
    await failure({ url: "http://api.example.test/" }, deps, "connection_refused");
    expect(attempts).toEqual([{ address: "8.8.8.8", port: 80, family: 4, tls: false, servername: "api.example.test" }]);
  });

  it("admits a host name listed by name, wherever it resolves", async () => {
    const { attempts, deps } = seam({ "llm.internal": ["10.0.0.5", "fd00::5"] });
    await failure({ url: "http://llm.internal:11434/api", allow: { cidrs: [], hosts: ["llm.internal"] } }, deps, "connection_refused");
    expect(attempts).toEqual([{ address: "10.0.0.5", port: 11434, family: 4, tls: false, servername: "llm.internal" }]);
  });

  it("admits an address inside an allowlisted CIDR, and only that", async () => {
    const allow = { cidrs: ["10.0.0.0/8", "fd00::/8"], hosts: [] };
    const { attempts, deps } = seam({ "a.test": ["10.1.2.3", "fd00::7"], "b.test": ["10.1.2.3", "172.16.0.1"] });
    await failure({ url: "http://0xa.1.2.3/", allow }, deps, "connection_refused");
    await failure({ url: "http://a.test/", allow }, deps, "connection_refused");
    await failure({ url: "http://b.test/", allow }, deps, "egress_blocked");
    expect(attempts.map((a) => a.address)).toEqual(["10.1.2.3", "10.1.2.3"]);
  });

  it("reads PENAXTRA_EGRESS_ALLOW when the request names no allowlist", async () => {
    const { attempts, deps } = seam();
    const before = process.env.PENAXTRA_EGRESS_ALLOW;
    try {
      process.env.PENAXTRA_EGRESS_ALLOW = "10.0.0.0/8";
      resetConfigForTests();
      const req = { method: "GET" as const, url: "http://10.20.30.40/" };
      await expect(guardedFetch(req, deps)).rejects.toMatchObject({ reason: "connection_refused" });
      process.env.PENAXTRA_EGRESS_ALLOW = "";
      resetConfigForTests();
      await expect(guardedFetch(req, deps)).rejects.toMatchObject({ reason: "egress_blocked" });
    } finally {
      process.env.PENAXTRA_EGRESS_ALLOW = before;
      if (before === undefined) delete process.env.PENAXTRA_EGRESS_ALLOW;
      resetConfigForTests();
    }
    expect(attempts.map((a) => a.address)).toEqual(["10.20.30.40"]);
  });
});

describe("failures before any connection", () => {
  afterEach(() => resetConfigForTests());

  it.each([
    ["a name that does not resolve", { code: "ENOTFOUND" }],
    ["a resolver that is unavailable", { code: "EAI_AGAIN" }],
  ])("reports dns_failure for %s", async (_label, extra) => {
    const attempts: ConnectTarget[] = [];
    const deps: EgressDeps = {
      lookup: async () => Promise.reject(Object.assign(new Error("getaddrinfo failed"), extra)),
      connect: (t) => {
        attempts.push(t);
        throw new Error("unreachable");
      },
    };
    const message = await failure({ url: "https://nowhere.example.test/v1" }, deps, "dns_failure");
    expect(message).toBe("The host name nowhere.example.test could not be resolved.");
    expect(attempts).toEqual([]);
  });

  it("reports dns_failure for no answers or an answer that is no address", async () => {
    const { attempts, deps } = seam({ "empty.test": [], "odd.test": ["not-an-address"] });
    await failure({ url: "http://empty.test/" }, deps, "dns_failure");
    await failure({ url: "http://odd.test/" }, deps, "dns_failure");
    expect(attempts).toEqual([]);
  });

  it("reports timeout when resolution outlasts the total time", async () => {
    const deps: EgressDeps = { lookup: () => new Promise(() => {}), connect: () => { throw new Error("unreachable"); } };
    const message = await failure({ url: "http://slow.test/", totalTimeoutMs: 50 }, deps, "timeout");
    expect(message).toBe("The endpoint slow.test did not answer within 50 ms.");
  });

  it.each([
    "ftp://8.8.8.8/file",
    "file:///etc/passwd",
    "ws://8.8.8.8/",
    "http://user:pass@8.8.8.8/",
    "http://:token@8.8.8.8/",
  ])("refuses %s as invalid_url", async (url) => {
    const { attempts, deps } = seam();
    const err = await guardedFetch({ url: `${url}?api_key=${SECRET}`, method: "GET", allow: NONE }, deps).catch((e: Error) => e);
    expect(err).toMatchObject({ name: "EgressError", reason: "invalid_url" });
    expect((err as Error).message).not.toMatch(/SECRET|:pass|token|\?/);
    expect(attempts).toEqual([]);
  });

  it.each(["not a url", "http://[::1/", "http://08.0.0.1/", "http://1.2.3.4.5/"])("refuses %j as invalid_url", async (url) => {
    const { attempts, deps } = seam();
    await expect(guardedFetch({ url, method: "GET", allow: NONE }, deps)).rejects.toMatchObject({ reason: "invalid_url" });
    expect(attempts).toEqual([]);
  });
});
