import "server-only";
import { db } from "@/lib/db/client";
import { decodeCursor, page } from "@/lib/db/cursor";
import { findEndpointRow, listEndpointRows, type EndpointRow } from "./read";
import { isForeignKeyViolation, isUniqueViolation, likeLiteral } from "@/lib/db/errors";
import { AppError, invalidField, notFound } from "@/lib/errors";
import { isId, newId } from "@/lib/ids";
import { config } from "@/lib/config";
import { allowlistAdmits } from "@/lib/egress/allowlist";
import { hostLiteral } from "@/lib/egress/address";
import { actingUserId, type Actor } from "@/lib/auth/actor";
import { assertSecretRef } from "@/lib/secrets/resolve";
import { nameFromRef, secretRef } from "@/lib/secrets/schema";
import { Prisma, type Prisma as P } from "@/lib/db/generated/client";
import { parseEndpointUrl, urlKey } from "./url";
import { assertMaySendSecret, sameOrigin } from "./secret-use";
import { requireApiStandard } from "./standard";
import { toTestView } from "./testing/view";
import {
  endpointRuleIssues,
  type CreateEndpointValues,
  type EndpointView,
  type ListEndpointsQuery,
  type UpdateEndpointValues,
  type WireFormat,
} from "./schema";

// The endpoint registry of seed 000. Every query takes the instance id first;
// another instance's endpoint does not exist (404).

/** The latest test run rides along with every endpoint read. */
const withLastTest = { tests: { orderBy: [{ testedAt: "desc" as const }, { id: "desc" as const }], take: 1 } };

function findRow(instanceId: string, id: string): Promise<EndpointRow | null> {
  return isId("ep", id) ? findEndpointRow(instanceId, id) : Promise.resolve(null);
}

export function toEndpointView(r: EndpointRow): EndpointView {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    wire_format: r.wireFormat as WireFormat,
    model: r.model,
    status: r.status as EndpointView["status"],
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    auth_header: r.authHeader,
    auth_value_secret_ref: r.authSecretName ? secretRef(r.authSecretName) : null,
    api_standard: r.apiStandardHandle,
    ...(r.serviceHandle !== null ? { service_handle: r.serviceHandle } : {}),
    ...(r.dimensions !== null ? { dimensions: r.dimensions } : {}),
    owner_user_id: r.ownerUserId,
    tags: r.tags,
    description: r.description,
    request_template: (r.requestTemplate ?? null) as EndpointView["request_template"],
    response_path: r.responsePath,
    last_test: r.tests[0] ? toTestView(r.tests[0]) : null,
  };
}

/** http(s), no userinfo or fragment; plain http only to hosts the egress allowlist admits. */
export function checkedUrl(raw: string): { url: string; key: string; host: string } {
  const parsed = parseEndpointUrl(raw);
  if (!(parsed instanceof URL)) throw invalidField("/url", parsed.message);
  if (parsed.protocol === "http:" && !allowlistAdmits(config().PENAXTRA_EGRESS_ALLOW, parsed.hostname)) {
    throw invalidField("/url", "Plain http is allowed only to hosts in PENAXTRA_EGRESS_ALLOW; use https", "insecure_scheme");
  }
  // Stored as parsed: the URL shown is the URL called (no "\\@" or other parser tricks).
  return { url: parsed.href, key: urlKey(parsed, hostLiteral), host: parsed.hostname };
}

/** "current" is the caller (a token's creator); anyone else must be a member of the instance. */
async function ownerId(instanceId: string, requested: string, actor: Actor): Promise<string> {
  if (requested === "current") {
    const id = actingUserId(actor);
    if (!id) throw invalidField("/owner_user_id", "Name an owner: the CLI has no user of its own");
    return id;
  }
  const member = isId("usr", requested)
    ? await db().membership.findUnique({ where: { userId_instanceId: { userId: requested, instanceId } }, select: { userId: true } })
    : null;
  if (!member) throw invalidField("/owner_user_id", "The owner must be a member of this workspace", "not_a_member");
  return member.userId;
}

async function duplicateOf(instanceId: string, key: string): Promise<AppError | null> {
  const existing = await db().endpoint.findFirst({ where: { instanceId, urlKey: key }, select: { id: true } });
  return existing ? urlDuplicate(existing.id) : null;
}

function urlDuplicate(existingId: string): AppError {
  return new AppError("url_duplicate", `An endpoint with the same URL already exists (${existingId}); use PATCH to update the existing record`, {
    members: { existing_endpoint_id: existingId },
  });
}

/**
 * Runs a write; the unique index on the URL key decides duplicates (a
 * concurrent create included), and its violation becomes 409 url_duplicate
 * naming the endpoint that holds the URL. The other unique key, an owner's
 * LLM service handle, becomes 409 already_exists; a foreign-key violation
 * (a standard deleted concurrently) 422 api_standard_unknown.
 */
async function withUrlCheck<T>(instanceId: string, key: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    // The API standard was deleted between checkStandard and this write (the FK held): as if unknown.
    if (isForeignKeyViolation(e)) throw new AppError("api_standard_unknown", "The API standard was deleted meanwhile", {
      errors: [{ pointer: "/api_standard", code: "api_standard_unknown", message: "Name an API standard listed by GET /api/v2/api-standards" }],
    });
    if (!isUniqueViolation(e)) throw e;
    const duplicate = await duplicateOf(instanceId, key);
    if (duplicate) throw duplicate;
    throw new AppError("already_exists", "The owner already has an LLM service instance with this handle", {
      errors: [{ pointer: "/owner_user_id", code: "already_exists", message: "This owner already has an LLM service instance with the same handle" }],
    });
  }
}

/**
 * An API standard must exist, and it decides whether the secret is needed:
 * every key_method but none sends one, none sends nothing.
 */
async function checkStandard(handle: string | null | undefined, secretRef: string | null | undefined): Promise<void> {
  if (!handle) return;
  const standard = await requireApiStandard(handle);
  if (standard.keyMethod !== "none" && !secretRef) {
    throw invalidField("/auth_value_secret_ref", `The API standard ${handle} sends a key (${standard.keyMethod}): name the secret that holds it`, "required");
  }
  if (standard.keyMethod === "none" && secretRef) {
    throw invalidField("/auth_value_secret_ref", `The API standard ${handle} sends no credential (key_method none): leave auth_value_secret_ref out`);
  }
}

const json = (v: unknown) => (v === null || v === undefined ? undefined : (v as P.InputJsonValue));

/** What only the LLM services API sets (seed 002's instance_handle). */
export type ServiceFields = { serviceHandle?: string };

export async function createEndpoint(instanceId: string, input: CreateEndpointValues, actor: Actor, service: ServiceFields = {}): Promise<EndpointView> {
  const { url, key, host } = checkedUrl(input.url);
  await checkStandard(input.api_standard, input.auth_value_secret_ref);
  if (input.auth_value_secret_ref) {
    await assertSecretRef(instanceId, input.auth_value_secret_ref);
    await assertMaySendSecret(instanceId, input.auth_value_secret_ref, actor);
  }
  const owner = await ownerId(instanceId, input.owner_user_id, actor);
  const row = await withUrlCheck(instanceId, key, () =>
    db().endpoint.create({
      data: {
        id: newId("ep"),
        instanceId,
        name: input.name,
        url,
        urlKey: key,
        host,
        wireFormat: input.wire_format,
        model: input.model,
        authHeader: input.auth_header ?? null,
        authSecretName: input.auth_value_secret_ref ? nameFromRef(input.auth_value_secret_ref) : null,
        apiStandardHandle: input.api_standard ?? null,
        dimensions: input.dimensions ?? null,
        serviceHandle: service.serviceHandle ?? null,
        ownerUserId: owner,
        tags: [...new Set(input.tags)],
        description: input.description ?? null,
        requestTemplate: json(input.request_template),
        responsePath: input.response_path ?? null,
      },
      include: withLastTest,
    }),
  );
  return toEndpointView(row);
}

export async function getEndpoint(instanceId: string, id: string): Promise<EndpointView> {
  const row = await findRow(instanceId, id);
  if (!row) throw notFound("Endpoint");
  return toEndpointView(row);
}

/** PATCH: the given fields change; the merged record must still satisfy the rules between fields. */
export async function updateEndpoint(instanceId: string, id: string, patch: UpdateEndpointValues, actor: Actor): Promise<EndpointView> {
  const row = await findRow(instanceId, id);
  if (!row) throw notFound("Endpoint");
  const merged = { ...toEndpointView(row), ...patch };
  if (merged.wire_format !== "custom_template" && patch.wire_format !== undefined) {
    // Leaving custom_template drops its template and path.
    Object.assign(merged, { request_template: patch.request_template ?? null, response_path: patch.response_path ?? null });
  }
  const [broken] = endpointRuleIssues(merged);
  if (broken) throw invalidField(`/${broken.field}`, broken.message);
  const data: P.EndpointUpdateInput = {};
  let key = row.urlKey;
  if (patch.url !== undefined) {
    const checked = checkedUrl(patch.url);
    Object.assign(data, { url: checked.url, urlKey: checked.key, host: checked.host });
    key = checked.key;
  }
  if (patch.auth_value_secret_ref) await assertSecretRef(instanceId, patch.auth_value_secret_ref);
  if (patch.api_standard !== undefined || patch.auth_value_secret_ref !== undefined) await checkStandard(merged.api_standard, merged.auth_value_secret_ref);
  // Choosing the secret, or taking one to another host, needs the right to its value.
  const secretRef = merged.auth_value_secret_ref;
  if (secretRef && (patch.auth_value_secret_ref || (patch.url !== undefined && !sameOrigin(row.url, patch.url)))) {
    await assertMaySendSecret(instanceId, secretRef, actor);
  }
  if (patch.owner_user_id !== undefined) data.owner = { connect: { id: await ownerId(instanceId, patch.owner_user_id, actor) } };
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.wire_format !== undefined) data.wireFormat = patch.wire_format;
  if (patch.model !== undefined) data.model = patch.model;
  if (patch.auth_header !== undefined) data.authHeader = patch.auth_header;
  if (patch.auth_value_secret_ref !== undefined) data.authSecretName = patch.auth_value_secret_ref ? nameFromRef(patch.auth_value_secret_ref) : null;
  if (patch.api_standard !== undefined) data.apiStandard = patch.api_standard ? { connect: { handle: patch.api_standard } } : { disconnect: true };
  if (patch.dimensions !== undefined) data.dimensions = patch.dimensions;
  if (patch.tags !== undefined) data.tags = [...new Set(patch.tags)];
  if (patch.status !== undefined) data.status = patch.status;
  if (patch.description !== undefined) data.description = patch.description;
  if (patch.request_template !== undefined) data.requestTemplate = patch.request_template === null ? Prisma.DbNull : json(patch.request_template);
  if (patch.response_path !== undefined) data.responsePath = patch.response_path;
  if (merged.wire_format !== "custom_template") Object.assign(data, { requestTemplate: Prisma.DbNull, responsePath: null });
  const updated = await withUrlCheck(instanceId, key, () => db().endpoint.update({ where: { id: row.id }, data, include: withLastTest }));
  return toEndpointView(updated);
}

export async function deleteEndpoint(instanceId: string, id: string): Promise<{ id: string; name: string }> {
  const row = await findRow(instanceId, id);
  if (!row) throw notFound("Endpoint");
  await db().endpoint.delete({ where: { id: row.id } });
  return { id: row.id, name: row.name };
}

/** An owner's LLM service instances (seed 002), by handle; one of them when `serviceHandle` is given. */
export async function listServiceEndpoints(instanceId: string, ownerUserId: string, serviceHandle?: string): Promise<EndpointView[]> {
  const rows = await db().endpoint.findMany({
    where: { instanceId, ownerUserId, serviceHandle: serviceHandle ?? { not: null } },
    orderBy: { serviceHandle: "asc" },
    include: withLastTest,
  });
  return rows.map(toEndpointView);
}

/** One page of the instance's endpoints, newest first, with the filters of the list route. */
export async function listEndpoints(instanceId: string, q: ListEndpointsQuery, actor: Actor) {
  const rows = await listEndpointRows(
    instanceId,
    {
      tag: q.tag,
      status: q.status,
      wireFormat: q.wire_format,
      ownerUserId: q.owner === undefined ? undefined : q.owner === "current" ? actingUserId(actor) ?? "" : q.owner,
      like: q.q ? `%${likeLiteral(q.q)}%` : undefined,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
    },
    q.limit + 1,
  );
  const { rows: kept, next } = page(rows, q.limit);
  return { data: kept.map(toEndpointView), next_cursor: next };
}
