import "server-only";
import { config } from "@/lib/config";
import { EgressError, guardedFetch, type EgressDeps, type EgressFailure } from "@/lib/egress/guard";
import type { ProviderRequest } from "./providers";
import type { ConnectionFailure, Provider } from "./schema";

// One provider call through the egress guard, and the reasons a call fails.
// A failure's message is ours: a reason code, then why, naming at most the
// host and the HTTP status. Upstream bytes are read to tell failures apart
// but never repeated, and the URL (Gemini's carries the key) never appears.

export class ProviderFailure extends Error {
  constructor(
    readonly reason: ConnectionFailure,
    why: string,
  ) {
    super(`${reason}: ${why}`);
    this.name = "ProviderFailure";
  }
}

const FROM_EGRESS: Record<EgressFailure, ConnectionFailure> = {
  egress_blocked: "egress_blocked",
  dns_failure: "dns_failure",
  connection_refused: "connection_refused",
  tls_failure: "tls_failure",
  timeout: "timeout",
  redirect_refused: "unexpected_response",
  response_too_large: "unexpected_response",
  invalid_url: "unexpected_response",
};

/** The egress guard's message is safe to show: one sentence naming at most the host and port. */
const fromEgress = (e: EgressError) => new ProviderFailure(FROM_EGRESS[e.reason], e.message);

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Gemini answers a bad key with 400 and the reason API_KEY_INVALID in the error details. */
function geminiKeyRefused(doc: unknown): boolean {
  const details = (doc as { error?: { details?: unknown } } | undefined)?.error?.details;
  return Array.isArray(details) && details.some((d) => (d as { reason?: unknown } | null)?.reason === "API_KEY_INVALID");
}

/** What a non-2xx status means. `what` is the call: a 404 of the models list means a wrong address, of a chat an unknown model. */
function statusFailure(provider: Provider, status: number, doc: unknown, what: { kind: "models" | "chat"; model: string }): ProviderFailure {
  const http = `(HTTP ${status})`;
  if (status === 401 || status === 403 || (provider === "gemini" && status === 400 && geminiKeyRefused(doc))) {
    return new ProviderFailure("invalid_api_key", `the provider refused the key ${http}`);
  }
  if (status === 429) return new ProviderFailure("rate_limited", `the provider is limiting requests ${http}; try again later`);
  if (status === 404 && what.kind === "chat") return new ProviderFailure("model_not_found", `the provider does not know the model ${what.model} ${http}`);
  if (status === 404) return new ProviderFailure("unexpected_response", `the provider has no models list at this address ${http}; check base_url`);
  if (status >= 500) return new ProviderFailure("upstream_error", `the provider failed ${http}`);
  return new ProviderFailure("unexpected_response", `the provider answered ${http}`);
}

/** Sends one request; answers the parsed JSON of a 2xx answer, or throws ProviderFailure. */
export async function callProvider(
  provider: Provider,
  req: ProviderRequest,
  what: { kind: "models" | "chat"; model: string },
  deps?: EgressDeps,
): Promise<unknown> {
  let res;
  try {
    res = await guardedFetch(
      {
        ...req,
        connectTimeoutMs: config().PENAXTRA_EGRESS_CONNECT_TIMEOUT_MS,
        totalTimeoutMs: config().PENAXTRA_EGRESS_TIMEOUT_MS,
        // A models list of a large gateway runs to a few MiB.
        maxBytes: what.kind === "models" ? 8 * 1024 * 1024 : 1024 * 1024,
      },
      deps,
    );
  } catch (e) {
    if (e instanceof EgressError) throw fromEgress(e);
    throw e;
  }
  const doc = parseJson(res.body);
  if (res.status < 200 || res.status >= 300) throw statusFailure(provider, res.status, doc, what);
  if (doc === undefined) throw new ProviderFailure("unexpected_response", `the provider's answer is not JSON (HTTP ${res.status})`);
  return doc;
}
