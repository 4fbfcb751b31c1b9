import { describe, expect, it } from "vitest";
import { EgressError, errorCode, toEgressError } from "@/lib/egress/errors";

// The low-level error table. Connect timeouts cannot be provoked on loopback
// without stalling the kernel's accept queue, so their mapping is pinned here.

const coded = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });

describe("toEgressError", () => {
  it.each([
    ["ENOTFOUND", "dns_failure"],
    ["EAI_AGAIN", "dns_failure"],
    ["ECONNREFUSED", "connection_refused"],
    ["ECONNRESET", "connection_refused"],
    ["EHOSTUNREACH", "connection_refused"],
    ["UND_ERR_SOCKET", "connection_refused"],
    ["UND_ERR_CONNECT_TIMEOUT", "timeout"],
    ["UND_ERR_HEADERS_TIMEOUT", "timeout"],
    ["UND_ERR_BODY_TIMEOUT", "timeout"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls_failure"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "tls_failure"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "tls_failure"],
    ["CERT_HAS_EXPIRED", "tls_failure"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls_failure"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "tls_failure"],
    ["EPROTO", "tls_failure"],
  ])("maps %s to %s", (code, reason) => {
    expect(toEgressError(coded(code), "api.example.test", { connectMs: 5000 }).reason).toBe(reason);
  });

  it("finds a code wrapped in causes, as undici reports socket errors", () => {
    const wrapped = new Error("fetch failed", { cause: new Error("other side closed", { cause: coded("ECONNREFUSED") }) });
    expect(errorCode(wrapped)).toBe("ECONNREFUSED");
    expect(toEgressError(wrapped, "h.test", { connectMs: 1 }).reason).toBe("connection_refused");
  });

  it("says how long a connection was waited for", () => {
    expect(toEgressError(coded("UND_ERR_CONNECT_TIMEOUT"), "h.test:8443", { connectMs: 5000 }).message).toBe(
      "No connection to h.test:8443 could be made within 5000 ms.",
    );
  });

  it("never repeats the underlying message, which may quote a URL", () => {
    const leaky = Object.assign(new Error("GET https://h.test/v1?api_key=sk-1 failed"), { code: "ECONNRESET" });
    const mapped = toEgressError(leaky, "h.test", { connectMs: 1 });
    expect(mapped.message).toBe("The connection to h.test failed (ECONNRESET).");
    expect(mapped).not.toHaveProperty("cause");
  });

  it("keeps an EgressError as it is and reads an unknown error as a failed connection", () => {
    const own = new EgressError("egress_blocked", "Refused.");
    expect(toEgressError(own, "h.test", { connectMs: 1 })).toBe(own);
    expect(toEgressError("boom", "h.test", { connectMs: 1 }).message).toBe("The connection to h.test failed.");
  });
});
