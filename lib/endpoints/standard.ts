import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { KeyMethod } from "@/lib/api-standards/schema";
import type { CredentialRule } from "./testing/credential";

// The seed-002 API standard an endpoint names, read where the endpoint needs
// it: when it is written (it must exist) and when a test places the credential.

export type StandardRule = { handle: string; keyMethod: KeyMethod; keyField: string };

/** The standard, or 422 api_standard_unknown pointing at the field that named it. */
export async function requireApiStandard(handle: string, pointer = "/api_standard"): Promise<StandardRule> {
  const row = await db().apiStandard.findUnique({ where: { handle }, select: { handle: true, keyMethod: true, keyField: true } });
  if (!row) {
    const message = `API standard '${handle}' not found`;
    throw new AppError("api_standard_unknown", message, { errors: [{ pointer, code: "api_standard_unknown", message: "Name an API standard listed by GET /api/v2/api-standards" }] });
  }
  return { handle: row.handle, keyMethod: row.keyMethod as KeyMethod, keyField: row.keyField };
}

/** How an endpoint's credential is attached: its API standard, its header, or nothing. */
export async function credentialRuleOf(endpoint: { api_standard?: string | null; auth_header: string | null }): Promise<CredentialRule> {
  if (endpoint.api_standard) {
    const standard = await requireApiStandard(endpoint.api_standard);
    return { kind: "standard", keyMethod: standard.keyMethod, keyField: standard.keyField };
  }
  return endpoint.auth_header ? { kind: "header", header: endpoint.auth_header } : { kind: "none" };
}
