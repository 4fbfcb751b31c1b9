import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError, invalidField, notFound } from "@/lib/errors";
import { can } from "@/lib/auth/permissions";
import { actingUserId, type Actor } from "@/lib/auth/actor";
import { actorRoleIn } from "@/lib/instances/service";
import { createSecret, deleteSecret, replaceSecret } from "@/lib/secrets/service";
import { findSecretUsers } from "@/lib/secrets/usage";
import { nameFromRef, secretRef, SECRET_NAME_MAX } from "@/lib/secrets/schema";
import { checkedUrl, createEndpoint, deleteEndpoint, listServiceEndpoints, updateEndpoint } from "@/lib/endpoints/service";
import { requireApiStandard } from "@/lib/endpoints/standard";
import type { EndpointView } from "@/lib/endpoints/schema";
import type { LlmServiceView, PutLlmServiceValues } from "./schema";

// Seed 002's LLM service instances, kept as endpoints: owner = the {owner}
// user, name and service_handle = instance_handle, url = endpoint, wire
// format embeddings_v1 when created. The key becomes a secret of the
// instance (llm-service-<owner>-<handle>-<digest>), created and replaced
// through the secrets service, so sealing, hints, "used by" and the rules on
// who may send a secret where all apply. Every endpoint rule (URL checks,
// duplicates, API standards) is the endpoints service's own.

type Owner = { id: string; handle: string };

const SECRET_PREFIX = "llm-service-";

/**
 * The secret holding a service's key: readable, and unique per (owner,
 * handle) thanks to the digest ("-" is allowed inside both handles, so the
 * readable part alone could be shared by alice + b-c and alice-b + c).
 */
export function serviceSecretName(owner: string, instanceHandle: string): string {
  const digest = createHash("sha256").update(`${owner}/${instanceHandle}`).digest("hex").slice(0, 8);
  const readable = `${SECRET_PREFIX}${owner}-${instanceHandle}`.replace(/[^a-z0-9_-]/g, "-").slice(0, SECRET_NAME_MAX - digest.length - 1);
  return `${readable}-${digest}`;
}

/** The {owner}: a user of this instance with that handle; anyone else (another instance's user included) is 404. */
export async function findOwner(instanceId: string, handle: string): Promise<Owner> {
  const user = await db().user.findFirst({ where: { handle, memberships: { some: { instanceId } } }, select: { id: true, handle: true } });
  if (!user) throw new AppError("not_found", `User '${handle}' not found`);
  return user;
}

/** Only the owner, or an instance admin (secrets:manage: they may point any secret at any host), writes an owner's instances. */
async function assertMayWrite(instanceId: string, owner: Owner, actor: Actor): Promise<void> {
  if (actingUserId(actor) === owner.id) return;
  if (can(await actorRoleIn(actor, instanceId), "secrets:manage")) return;
  throw new AppError("forbidden", `Only ${owner.handle} or an instance admin may change ${owner.handle}'s LLM service instances`);
}

async function findService(instanceId: string, owner: Owner, instanceHandle: string): Promise<EndpointView | null> {
  return (await listServiceEndpoints(instanceId, owner.id, instanceHandle))[0] ?? null;
}

async function requireService(instanceId: string, owner: Owner, instanceHandle: string): Promise<EndpointView> {
  const service = await findService(instanceId, owner, instanceHandle);
  if (!service) throw notFound(`LLM service instance '${owner.handle}/${instanceHandle}'`);
  return service;
}

/** The masked hints of the secrets the endpoints use, by name (never a value: the hint column only). */
async function hintsOf(instanceId: string, endpoints: EndpointView[]): Promise<Map<string, string>> {
  const names = endpoints.flatMap((e) => (e.auth_value_secret_ref ? [nameFromRef(e.auth_value_secret_ref) ?? ""] : []));
  if (names.length === 0) return new Map();
  const rows = await db().secret.findMany({ where: { instanceId, name: { in: names } }, select: { name: true, hint: true } });
  return new Map(rows.map((r) => [secretRef(r.name), r.hint]));
}

async function toViews(instanceId: string, owner: Owner, endpoints: EndpointView[]): Promise<LlmServiceView[]> {
  const hints = await hintsOf(instanceId, endpoints);
  return endpoints.map((e) => toView(owner, e, e.auth_value_secret_ref ? (hints.get(e.auth_value_secret_ref) ?? null) : null));
}

const one = async (instanceId: string, owner: Owner, e: EndpointView) => (await toViews(instanceId, owner, [e]))[0];

function toView(owner: Owner, e: EndpointView, hint: string | null): LlmServiceView {
  return {
    owner: owner.handle,
    instance_handle: e.service_handle ?? e.name,
    endpoint: e.url,
    api_standard: e.api_standard,
    model: e.model,
    dimensions: e.dimensions ?? null,
    api_key_encrypted: hint,
    endpoint_id: e.id,
    wire_format: e.wire_format,
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

export async function getLlmService(instanceId: string, ownerHandle: string, instanceHandle: string): Promise<LlmServiceView> {
  const owner = await findOwner(instanceId, ownerHandle);
  return one(instanceId, owner, await requireService(instanceId, owner, instanceHandle));
}

export async function listLlmServices(instanceId: string, ownerHandle: string): Promise<{ owner: string; instances: LlmServiceView[] }> {
  const owner = await findOwner(instanceId, ownerHandle);
  return { owner: owner.handle, instances: await toViews(instanceId, owner, await listServiceEndpoints(instanceId, owner.id)) };
}

/**
 * Seals the key as the service's own secret: the one its endpoint already
 * uses under the derived name, or a new one. A secret of that name the
 * service does not use belongs to someone else and is never overwritten.
 */
async function storeKey(instanceId: string, owner: Owner, instanceHandle: string, existing: EndpointView | null, key: string, actor: Actor) {
  const name = serviceSecretName(owner.handle, instanceHandle);
  const input = { name, value: key };
  if (existing?.auth_value_secret_ref === secretRef(name)) {
    await replaceSecret(instanceId, input, actor);
    return { ref: secretRef(name), created: false };
  }
  try {
    await createSecret(instanceId, input, actor);
    return { ref: secretRef(name), created: true };
  } catch (e) {
    if (e instanceof AppError && e.code === "already_exists") {
      throw new AppError("already_exists", `A secret named ${name} exists and is not this service's key; delete or rename it under Settings → Secrets`, {
        errors: [{ pointer: "/api_key_encrypted", code: "already_exists", message: `The secret ${name} belongs to something else` }],
      });
    }
    throw e;
  }
}

/** Deletes a service's derived secret once nothing uses it (never another secret the endpoint was pointed at). */
async function dropIfUnused(instanceId: string, ref: string | null): Promise<void> {
  const name = ref ? nameFromRef(ref) : null;
  if (!name?.startsWith(SECRET_PREFIX)) return;
  if ((await findSecretUsers(instanceId, name)).length > 0) return;
  await deleteSecret(instanceId, name).catch((e: unknown) => {
    if (!(e instanceof AppError && (e.code === "not_found" || e.code === "secret_in_use"))) throw e;
  });
}

/** PUT: creates (created: true) or replaces the instance. */
export async function putLlmService(
  instanceId: string,
  ownerHandle: string,
  instanceHandle: string,
  input: PutLlmServiceValues,
  actor: Actor,
): Promise<{ created: boolean; service: LlmServiceView }> {
  if (input.instance_handle !== instanceHandle) {
    throw new AppError("handle_mismatch", `instance_handle '${input.instance_handle}' does not match the path's '${instanceHandle}'`, {
      errors: [{ pointer: "/instance_handle", code: "handle_mismatch", message: "Use the same handle as in the URL" }],
    });
  }
  const owner = await findOwner(instanceId, ownerHandle);
  await assertMayWrite(instanceId, owner, actor);
  const existing = await findService(instanceId, owner, instanceHandle);
  const standard = await requireApiStandard(input.api_standard);
  const sendsKey = standard.keyMethod !== "none";
  if (!sendsKey && input.api_key_encrypted !== undefined) {
    throw invalidField("/api_key_encrypted", `The API standard ${standard.handle} sends no key (key_method none): leave api_key_encrypted out`);
  }
  if (sendsKey && input.api_key_encrypted === undefined && !existing?.auth_value_secret_ref) {
    throw invalidField("/api_key_encrypted", `The API standard ${standard.handle} sends a key (${standard.keyMethod}): give api_key_encrypted`, "required");
  }
  checkedUrl(input.endpoint); // a bad URL fails before any key is stored

  const stored = input.api_key_encrypted !== undefined ? await storeKey(instanceId, owner, instanceHandle, existing, input.api_key_encrypted, actor) : null;
  const ref = sendsKey ? (stored?.ref ?? existing?.auth_value_secret_ref ?? null) : null;
  const fields = { url: input.endpoint, model: input.model, api_standard: standard.handle, dimensions: input.dimensions ?? null, auth_header: null, auth_value_secret_ref: ref };
  try {
    if (!existing) {
      const created = await createEndpoint(instanceId, { ...fields, name: instanceHandle, wire_format: "embeddings_v1", owner_user_id: owner.id, tags: [] }, actor, { serviceHandle: instanceHandle });
      return { created: true, service: await one(instanceId, owner, created) };
    }
    const updated = await updateEndpoint(instanceId, existing.id, fields, actor);
    if (existing.auth_value_secret_ref !== ref) await dropIfUnused(instanceId, existing.auth_value_secret_ref);
    return { created: false, service: await one(instanceId, owner, updated) };
  } catch (e) {
    // A key sealed for a write that failed (a duplicate URL, say) is not left behind.
    if (stored?.created) await dropIfUnused(instanceId, stored.ref);
    throw e;
  }
}

export async function deleteLlmService(instanceId: string, ownerHandle: string, instanceHandle: string, actor: Actor): Promise<{ endpointId: string; message: string }> {
  const owner = await findOwner(instanceId, ownerHandle);
  await assertMayWrite(instanceId, owner, actor);
  const service = await requireService(instanceId, owner, instanceHandle);
  await deleteEndpoint(instanceId, service.id);
  await dropIfUnused(instanceId, service.auth_value_secret_ref);
  return { endpointId: service.id, message: `LLM service instance '${owner.handle}/${instanceHandle}' deleted successfully` };
}
