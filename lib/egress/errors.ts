// The egress guard's one error type and the table from low-level network
// errors (Node, undici, OpenSSL codes) to the reasons an operator is shown.

export type EgressFailure =
  | "egress_blocked"
  | "dns_failure"
  | "connection_refused"
  | "tls_failure"
  | "timeout"
  | "redirect_refused"
  | "response_too_large"
  | "invalid_url";

/**
 * A refused or failed outbound call. The message is one plain sentence safe
 * to show an operator: it names at most the host and port, never a path,
 * query string, header or credential, and carries no `cause`.
 */
export class EgressError extends Error {
  readonly reason: EgressFailure;

  constructor(reason: EgressFailure, message: string) {
    super(message);
    this.name = "EgressError";
    this.reason = reason;
  }
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME", "ENODATA"]);
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);
// OpenSSL verification codes and Node's TLS error codes.
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

/** The first `code` along an error's cause chain (undici wraps socket errors). */
export function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps a failure of the connection or exchange to an EgressError. Network
 * failures without a more precise reason (reset, unreachable, closed) are
 * reported as connection_refused: the endpoint could not be talked to.
 */
export function toEgressError(err: unknown, host: string, timeouts: { connectMs: number }): EgressError {
  if (err instanceof EgressError) return err;
  const code = errorCode(err) ?? "";
  if (DNS_CODES.has(code)) return new EgressError("dns_failure", `The host name ${host} could not be resolved.`);
  if (code === "ECONNREFUSED") return new EgressError("connection_refused", `The endpoint ${host} refused the connection.`);
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return new EgressError("timeout", `No connection to ${host} could be made within ${timeouts.connectMs} ms.`);
  }
  if (TIMEOUT_CODES.has(code)) return new EgressError("timeout", `The endpoint ${host} did not answer in time.`);
  if (TLS_CODE.test(code)) {
    return new EgressError("tls_failure", `The TLS connection to ${host} failed its checks (${code}).`);
  }
  const detail = /^[A-Z0-9_]{2,40}$/.test(code) ? ` (${code})` : "";
  return new EgressError("connection_refused", `The connection to ${host} failed${detail}.`);
}
