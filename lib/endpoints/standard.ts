import "server-only";
import { AppError } from "@/lib/errors";
import { getApiStandard } from "@/lib/api-standards/service";
import type { KeyMethod } from "@/lib/api-standards/schema";
import type { CredentialRule } from "./testing/credential";

// The seed-002 API standard an endpoint names, read where the endpoint needs
// it: when it is written (it must exist) and when a test places the credential.

export type StandardRule = { handle: string; keyMethod: KeyMethod; keyField: string };

/**
 * The standard, or 422 api_standard_unknown pointing at the field that named
 * it: for an endpoint, a missing standard is a bad reference in its body
 * (the registry's own 404 is for GET /api/v2/api-standards/{handle}).
 */
export async function requireApiStandard(handle: string, pointer = "/api_standard"): Promise<StandardRule> {
  try {
    const s = await getApiStandard(handle);
    return { handle: s.api_standard_handle, keyMethod: s.key_method, keyField: s.key_field };
  } catch (e) {
    if (!(e instanceof AppError && e.code === "not_found")) throw e;
    throw new AppError("api_standard_unknown", e.message, {
      errors: [{ pointer, code: "api_standard_unknown", message: "Name an API standard listed by GET /api/v2/api-standards" }],
    });
  }
}

/** How an endpoint's credential is attached: its API standard, its header, or nothing. */
export async function credentialRuleOf(endpoint: { api_standard?: string | null; auth_header: string | null }): Promise<CredentialRule> {
  if (endpoint.api_standard) {
    const standard = await requireApiStandard(endpoint.api_standard);
    return { kind: "standard", keyMethod: standard.keyMethod, keyField: standard.keyField };
  }
  return endpoint.auth_header ? { kind: "header", header: endpoint.auth_header } : { kind: "none" };
}
