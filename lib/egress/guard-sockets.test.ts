import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EgressAllowlist } from "@/lib/egress/allowlist";
import { guardedFetch, type EgressDeps, type GuardedRequest } from "@/lib/egress/guard";
import { installSocketTripwire } from "@/lib/egress/test-tripwire";

// Real sockets, loopback only. The admitted fake upstream listens on
// 127.0.0.1; counting servers on 127.0.0.2 and [::1] are outside the test's
// allowlist and must never see a connection, directly, through another
// spelling, through a name, or through a redirect from the upstream.

const ALLOW: EgressAllowlist = { cidrs: ["127.0.0.1/32"], hosts: [] };
const SECRET = "sk-SECRET-91c2";
const TWO_MIB = 2 * 1024 * 1024;

type Counting = { server: net.Server; port: number; connections: number };
const sockets = new Set<net.Socket>();

function listen(server: net.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port));
  });
}

async function countingServer(host: string): Promise<Counting | null> {
  const counting = { connections: 0 } as Counting;
  counting.server = net.createServer((socket) => {
    counting.connections += 1;
    socket.destroy();
  });
  try {
    counting.port = await listen(counting.server, host);
    return counting;
  } catch {
    return null; // no such loopback address on this machine
  }
}

let tripwire: ReturnType<typeof installSocketTripwire>;
let upstream: http.Server;
let upstreamPort: number;
const seen: { method?: string; host?: string; authorization?: string; body: string }[] = [];
let other: Counting;
let v6: Counting | null;
let silent: net.Server;
let silentPort: number;
let tls: https.Server;
let tlsPort: number;
const sniSeen: string[] = [];
let certDir: string;

function upstreamHandler(req: http.IncomingMessage, res: http.ServerResponse) {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    seen.push({ method: req.method, host: req.headers.host, authorization: req.headers.authorization, body });
    const route = new URL(req.url ?? "/", "http://x").pathname;
    if (route === "/ok") {
      res.writeHead(200, { "content-type": "application/json", "x-upstream": "yes" });
      res.end(JSON.stringify({ ok: true, bytes: body.length }));
    } else if (route === "/redirect-v4") {
      res.writeHead(302, { location: `http://127.0.0.2:${other.port}/steal?token=${SECRET}` }).end();
    } else if (route === "/redirect-v6") {
      res.writeHead(307, { location: `http://[::1]:${v6?.port ?? 1}/` }).end();
    } else if (route === "/redirect-relative") {
      res.writeHead(301, { location: "/ok" }).end();
    } else if (route === "/redirect-name") {
      res.writeHead(308, { location: "https://elsewhere.test/collect" }).end();
    } else if (route === "/redirect-bare") {
      res.writeHead(303).end();
    } else if (route === "/big") {
      res.writeHead(200, { "content-length": String(TWO_MIB) }).end(Buffer.alloc(TWO_MIB, 97));
    } else if (route === "/big-chunked") {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 98);
      for (let i = 0; i < TWO_MIB / chunk.length; i += 1) res.write(chunk);
      res.end();
    } else if (route === "/exact") {
      res.writeHead(200).end("x".repeat(1024));
    } else if (route === "/stall-body") {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
    } else {
      res.writeHead(404).end();
    }
  });
}

beforeAll(async () => {
  tripwire = installSocketTripwire();
  upstream = http.createServer(upstreamHandler);
  upstreamPort = await listen(upstream, "127.0.0.1");
  const counting = await countingServer("127.0.0.2");
  if (!counting) throw new Error("127.0.0.2 is not a loopback address on this machine");
  other = counting;
  v6 = await countingServer("::1");
  silent = net.createServer((socket) => void sockets.add(socket)); // accepts, never answers
  silentPort = await listen(silent, "127.0.0.1");

  certDir = mkdtempSync(path.join(os.tmpdir(), "egress-tls-"));
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=secure.test",
    "-keyout", path.join(certDir, "key.pem"), "-out", path.join(certDir, "cert.pem"),
  ], { stdio: "ignore" });
  tls = https.createServer({
    key: readFileSync(path.join(certDir, "key.pem")),
    cert: readFileSync(path.join(certDir, "cert.pem")),
    SNICallback: (name, cb) => {
      sniSeen.push(name);
      cb(null);
    },
  }, (_req, res) => res.end("should never be read"));
  tlsPort = await listen(tls, "127.0.0.1");
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  upstream.closeAllConnections();
  tls.closeAllConnections();
  await Promise.all([upstream, other.server, v6?.server, silent, tls].map((s) => s && new Promise((r) => s.close(r))));
  rmSync(certDir, { recursive: true, force: true });
  tripwire.remove();
  expect(tripwire.refused).toEqual([]);
  expect(other.connections).toBe(0);
  expect(v6?.connections ?? 0).toBe(0);
});

async function fails(req: Partial<GuardedRequest> & { url: string }, reason: string, deps?: EgressDeps): Promise<string> {
  const err = await guardedFetch({ method: "GET", allow: ALLOW, ...req }, deps).then(() => null, (e: unknown) => e);
  expect(err).toMatchObject({ name: "EgressError", reason });
  const { message } = err as Error;
  expect(message).not.toContain(SECRET);
  expect(message).not.toContain("?");
  return message;
}

const hostsAt = (addresses: string[]): EgressDeps["lookup"] => async () =>
  addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("an admitted loopback upstream", () => {
  it("answers through the guard, with the caller's headers and body", async () => {
    const res = await guardedFetch({
      url: `http://127.0.0.1:${upstreamPort}/ok?api_key=${SECRET}`,
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json", host: "evil.test" },
      body: JSON.stringify({ prompt: "hi" }),
      allow: ALLOW,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, bytes: 15 });
    expect(res.headers.get("x-upstream")).toBe("yes");
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
    expect(seen.at(-1)).toEqual({ method: "POST", host: `127.0.0.1:${upstreamPort}`, authorization: `Bearer ${SECRET}`, body: '{"prompt":"hi"}' });
  });

  it("reaches a name at its checked address and sends the name as Host", async () => {
    const res = await guardedFetch(
      { url: `http://upstream.test:${upstreamPort}/ok`, method: "GET", allow: ALLOW },
      { lookup: hostsAt(["127.0.0.1"]) },
    );
    expect(res.status).toBe(200);
    expect(seen.at(-1)?.host).toBe(`upstream.test:${upstreamPort}`);
  });

  it("is refused, with no request reaching it, when the allowlist does not admit it", async () => {
    const before = seen.length;
    await fails({ url: `http://127.0.0.1:${upstreamPort}/ok`, allow: { cidrs: [], hosts: [] } }, "egress_blocked");
    expect(seen.length).toBe(before);
  });

  it("reads a body of exactly maxBytes and refuses one byte more", async () => {
    const res = await guardedFetch({ url: `http://127.0.0.1:${upstreamPort}/exact`, method: "GET", allow: ALLOW, maxBytes: 1024 });
    expect(res.body).toHaveLength(1024);
    await fails({ url: `http://127.0.0.1:${upstreamPort}/exact`, maxBytes: 1023 }, "response_too_large");
  });

  it.each(["/big", "/big-chunked"])("refuses a 2 MiB body (%s) as response_too_large", async (route) => {
    const message = await fails({ url: `http://127.0.0.1:${upstreamPort}${route}?q=${SECRET}` }, "response_too_large");
    expect(message).toBe(`The response from 127.0.0.1:${upstreamPort} is larger than 1048576 bytes.`);
  });
});

describe("addresses the allowlist does not admit receive zero connections", () => {
  it("refuses 127.0.0.2 in every spelling", async () => {
    for (const host of ["127.0.0.2", "2130706434", "0x7f.0.0.2", "0177.0.0.2", "127.2", "[::ffff:127.0.0.2]", "[::ffff:7f00:2]"]) {
      await fails({ url: `http://${host}:${other.port}/` }, "egress_blocked");
    }
    expect(other.connections).toBe(0);
  });

  it("refuses [::1] in every spelling", async ({ skip }) => {
    if (!v6) return skip("this machine has no IPv6 loopback");
    for (const host of ["[::1]", "[0:0:0:0:0:0:0:1]", "[0000::0001]"]) {
      await fails({ url: `http://${host}:${v6.port}/` }, "egress_blocked");
    }
    expect(v6.connections).toBe(0);
  });

  it("refuses a name whose answers mix the admitted and the refused, reaching neither", async () => {
    const before = seen.length;
    for (const answers of [["127.0.0.1", "127.0.0.2"], ["127.0.0.2", "127.0.0.1"], ["127.0.0.1", "::1"]]) {
      await fails({ url: `http://mixed.test:${other.port}/` }, "egress_blocked", { lookup: hostsAt(answers) });
    }
    expect(seen.length).toBe(before);
    expect(other.connections).toBe(0);
  });

  it("resolves once: a name that rebinds to 127.0.0.2 after the check is still reached at 127.0.0.1", async () => {
    let calls = 0;
    const lookup: EgressDeps["lookup"] = async () => [{ address: calls++ === 0 ? "127.0.0.1" : "127.0.0.2", family: 4 }];
    const res = await guardedFetch({ url: `http://rebind.test:${upstreamPort}/ok`, method: "GET", allow: ALLOW }, { lookup });
    expect(res.status).toBe(200);
    expect(calls).toBe(1);
    expect(other.connections).toBe(0);
  });

  it("does not follow a redirect from the admitted upstream to 127.0.0.2", async () => {
    const before = seen.length;
    const message = await fails({ url: `http://127.0.0.1:${upstreamPort}/redirect-v4` }, "redirect_refused");
    expect(message).toBe(`The endpoint redirected to 127.0.0.2:${other.port}; redirects are not followed.`);
    expect(seen.length).toBe(before + 1);
    expect(other.connections).toBe(0);
  });

  it("does not follow a redirect from the admitted upstream to [::1]", async ({ skip }) => {
    if (!v6) return skip("this machine has no IPv6 loopback");
    const message = await fails({ url: `http://127.0.0.1:${upstreamPort}/redirect-v6` }, "redirect_refused");
    expect(message).toBe(`The endpoint redirected to [::1]:${v6.port}; redirects are not followed.`);
    expect(v6.connections).toBe(0);
  });

  it("does not follow a redirect even to the same host, nor resolve a redirect's name", async () => {
    const before = seen.length;
    const looked: string[] = [];
    const lookup: EgressDeps["lookup"] = async (host) => {
      looked.push(host);
      return [{ address: "127.0.0.1", family: 4 }];
    };
    await fails({ url: `http://127.0.0.1:${upstreamPort}/redirect-relative` }, "redirect_refused");
    const message = await fails({ url: `http://up.test:${upstreamPort}/redirect-name` }, "redirect_refused", { lookup });
    expect(message).toBe("The endpoint redirected to elsewhere.test; redirects are not followed.");
    expect(looked).toEqual(["up.test"]);
    expect(await fails({ url: `http://127.0.0.1:${upstreamPort}/redirect-bare` }, "redirect_refused")).toBe(
      "The endpoint redirected to another location; redirects are not followed.",
    );
    expect(seen.length).toBe(before + 3);
  });
});

describe("failures on real loopback sockets", () => {
  it("reports tls_failure for a self-signed certificate, with the URL's name as SNI", async () => {
    await fails({ url: `https://127.0.0.1:${tlsPort}/v1?key=${SECRET}` }, "tls_failure");
    const message = await fails({ url: `https://secure.test:${tlsPort}/v1` }, "tls_failure", { lookup: hostsAt(["127.0.0.1"]) });
    expect(message).toMatch(/^The TLS connection to secure\.test:\d+ failed its checks \(\w+\)\.$/);
    expect(sniSeen).toEqual(["secure.test"]);
  });

  it("reports tls_failure when https meets a plain http server", async () => {
    await fails({ url: `https://127.0.0.1:${upstreamPort}/ok` }, "tls_failure");
  });

  it("reports timeout for a server that never answers", async () => {
    const started = Date.now();
    const message = await fails({ url: `http://127.0.0.1:${silentPort}/v1?k=${SECRET}`, totalTimeoutMs: 300 }, "timeout");
    expect(message).toBe(`The endpoint 127.0.0.1:${silentPort} did not answer within 300 ms.`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("reports timeout for a body that stops arriving", async () => {
    await fails({ url: `http://127.0.0.1:${upstreamPort}/stall-body`, totalTimeoutMs: 300 }, "timeout");
  });

  it("reports connection_refused for a closed port", async () => {
    const probe = net.createServer();
    const port = await listen(probe, "127.0.0.1");
    await new Promise((r) => probe.close(r));
    const message = await fails({ url: `http://127.0.0.1:${port}/v1?k=${SECRET}` }, "connection_refused");
    expect(message).toBe(`The endpoint 127.0.0.1:${port} refused the connection.`);
  });

  it("reports dns_failure for a name that does not resolve", async () => {
    const lookup: EgressDeps["lookup"] = async (host) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    };
    await fails({ url: `http://missing.test:${upstreamPort}/?k=${SECRET}` }, "dns_failure", { lookup });
  });
});
