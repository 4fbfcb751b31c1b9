import "server-only";
import { lookup as systemLookup } from "node:dns/promises";
import { Client, buildConnector } from "undici";
import { config } from "@/lib/config";
import { addressDecision, hostLiteral } from "@/lib/egress/address";
import { allowlistAdmits, type EgressAllowlist } from "@/lib/egress/allowlist";
import { EgressError, toEgressError } from "@/lib/egress/errors";
import { discard, readCapped, redirectRefused, toHeaders } from "@/lib/egress/response";

// Every outbound HTTP call of the product goes through guardedFetch: the
// destination is resolved once, every answer is checked against the range
// table (address.ts) and the operator's PENAXTRA_EGRESS_ALLOW, and the socket
// is opened to exactly the checked address (no second lookup, so no DNS
// rebinding window). Redirects are refused, never followed. See docs/egress.md.

export { addressDecision, hostLiteral } from "@/lib/egress/address";
export { EgressError, type EgressFailure } from "@/lib/egress/errors";

export type ConnectTarget = { address: string; port: number; family: 4 | 6; servername?: string; tls: boolean };

export type EgressDeps = {
  /** Resolves a host name to every A/AAAA answer; defaults to the system resolver. */
  lookup?: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
  /** Test seam: when given, called instead of opening a socket; it must throw or reject. */
  connect?: (target: ConnectTarget) => never | Promise<never>;
};

export type GuardedRequest = {
  url: string;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  maxBytes?: number;
  /** Defaults to config().PENAXTRA_EGRESS_ALLOW. */
  allow?: EgressAllowlist;
};

export type GuardedResponse = { status: number; headers: Headers; body: string; latencyMs: number };

export const EGRESS_DEFAULTS = { connectTimeoutMs: 5_000, totalTimeoutMs: 15_000, maxBytes: 1024 * 1024 } as const;

type Limits = { connectTimeoutMs: number; totalTimeoutMs: number; maxBytes: number };
type Pinned = { address: string; family: 4 | 6 };

/**
 * Sends one request through the egress guard and reads the whole (capped)
 * response. Throws EgressError for every refusal and failure. The caller's
 * headers, credentials included, reach only this URL's host: redirects are
 * never followed.
 */
export async function guardedFetch(req: GuardedRequest, deps: EgressDeps = {}): Promise<GuardedResponse> {
  const started = performance.now();
  const url = parseTarget(req.url);
  const limits: Limits = {
    connectTimeoutMs: req.connectTimeoutMs ?? EGRESS_DEFAULTS.connectTimeoutMs,
    totalTimeoutMs: req.totalTimeoutMs ?? EGRESS_DEFAULTS.totalTimeoutMs,
    maxBytes: req.maxBytes ?? EGRESS_DEFAULTS.maxBytes,
  };
  const allow = req.allow ?? config().PENAXTRA_EGRESS_ALLOW;
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort(new EgressError("timeout", `The endpoint ${url.host} did not answer within ${limits.totalTimeoutMs} ms.`));
  }, limits.totalTimeoutMs);
  try {
    const pinned = await untilAborted(resolveTarget(url, allow, deps.lookup), deadline.signal);
    return await exchange(url, pinned, req, { deps, limits, signal: deadline.signal, started });
  } catch (err) {
    if (err instanceof EgressError) throw err;
    if (deadline.signal.aborted) throw deadline.signal.reason as EgressError;
    throw toEgressError(err, url.host, { connectMs: limits.connectTimeoutMs });
  } finally {
    clearTimeout(timer);
  }
}

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EgressError("invalid_url", "The endpoint address is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new EgressError("invalid_url", "The endpoint address must be an http or https URL.");
  }
  if (url.username || url.password) {
    throw new EgressError("invalid_url", "The endpoint address must not contain a user name or password.");
  }
  return url;
}

function refuse(host: string, ip: string, allow: EgressAllowlist): void {
  const decision = addressDecision(ip, allow);
  if (!decision.allowed) {
    throw new EgressError(
      "egress_blocked",
      `Calls to ${host} are refused because ${decision.why}; admit it in PENAXTRA_EGRESS_ALLOW if that is intended.`,
    );
  }
}

function pin(ip: string): Pinned {
  return { address: ip, family: ip.includes(":") ? 6 : 4 };
}

/** The one address to connect to, after every answer has been checked. */
async function resolveTarget(url: URL, allow: EgressAllowlist, lookup = lookupAll): Promise<Pinned> {
  const literal = hostLiteral(url.hostname);
  if (literal) {
    refuse(url.host, literal, allow);
    return pin(literal);
  }
  const name = url.hostname;
  let answers: { address: string }[];
  try {
    answers = await lookup(name);
  } catch {
    throw new EgressError("dns_failure", `The host name ${name} could not be resolved.`);
  }
  if (answers.length === 0) throw new EgressError("dns_failure", `The host name ${name} has no addresses.`);
  const addresses = answers.map((answer) => {
    const ip = hostLiteral(answer.address);
    if (!ip) throw new EgressError("dns_failure", `The host name ${name} resolved to something that is not an address.`);
    return ip;
  });
  // A name the operator admitted by name is their explicit choice, wherever it points.
  if (!allowlistAdmits(allow, name)) {
    for (const ip of addresses) refuse(name, ip, allow);
  }
  return pin(addresses[0]);
}

async function lookupAll(host: string): Promise<{ address: string; family: 4 | 6 }[]> {
  const answers = await systemLookup(host, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * A connector that ignores undici's idea of the host and opens the socket to
 * the pinned address, with TLS SNI and certificate checks against the URL's
 * name. With a seam, the seam is called instead and no socket is opened.
 */
function pinnedConnector(target: ConnectTarget, limits: Limits, seam?: EgressDeps["connect"]): buildConnector.connector {
  const base = buildConnector({ timeout: limits.connectTimeoutMs });
  return (options, callback) => {
    if (seam) {
      let attempt: Promise<never>;
      try {
        attempt = Promise.resolve(seam({ ...target }));
      } catch (err) {
        callback(err as Error, null);
        return;
      }
      attempt.then(
        () => callback(new Error("The connect seam must throw"), null),
        (err: Error) => callback(err, null),
      );
      return;
    }
    base({ ...options, hostname: target.address, port: String(target.port), servername: target.servername }, callback);
  };
}

type ExchangeContext = { deps: EgressDeps; limits: Limits; signal: AbortSignal; started: number };

async function exchange(url: URL, pinned: Pinned, req: GuardedRequest, ctx: ExchangeContext): Promise<GuardedResponse> {
  const tls = url.protocol === "https:";
  const target: ConnectTarget = {
    ...pinned,
    port: Number(url.port) || (tls ? 443 : 80),
    tls,
    // Certificates are checked against the name; an IP literal is checked as an IP.
    servername: hostLiteral(url.hostname) ? undefined : url.hostname.replace(/\.$/, ""),
  };
  const { limits } = ctx;
  const client = new Client(url.origin, {
    connect: pinnedConnector(target, limits, ctx.deps.connect),
    headersTimeout: limits.totalTimeoutMs,
    bodyTimeout: limits.totalTimeoutMs,
  });
  try {
    const res = await client.request({
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: outgoingHeaders(req.headers),
      body: req.body,
      signal: ctx.signal,
    });
    if (res.statusCode >= 300 && res.statusCode < 400) {
      discard(res.body);
      throw redirectRefused(res.headers.location, url);
    }
    const body = await readCapped(res, limits.maxBytes, url.host);
    return {
      status: res.statusCode,
      headers: toHeaders(res.headers),
      body,
      latencyMs: Math.round(performance.now() - ctx.started),
    };
  } finally {
    await client.destroy().catch(() => undefined);
  }
}

/** The caller's headers, minus Host: the Host header is always the URL's own. */
function outgoingHeaders(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== "host"));
}
