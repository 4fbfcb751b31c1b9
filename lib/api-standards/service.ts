import "server-only";
import { db, type Prisma } from "@/lib/db/client";
import { AppError, invalidField } from "@/lib/errors";
import { alreadyExists, isRecordNotFound, isUniqueViolation } from "@/lib/db/errors";
import { isForeignKeyViolation } from "@/lib/db/errors";
import { keyFieldProblem, type ApiStandardPatch, type ApiStandardValues, type ApiStandardView, type KeyMethod } from "./schema";

// The registry of API standards (seed 002): global, read by everyone, changed
// by superadmins only (the routes and actions check that; this module holds
// the rules). Endpoints reference a standard by handle; the foreign key is
// ON DELETE RESTRICT, and a delete counts the references under a row lock.

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];
type Row = { handle: string; description: string; keyMethod: string; keyField: string; createdAt: Date };

// The first migration seeds these three in one statement (one timestamp); the list keeps the seed's order for them.
const SEEDED_ORDER = ["openai", "cohere", "gemini"];
const seedRank = (handle: string) => (SEEDED_ORDER.includes(handle) ? SEEDED_ORDER.indexOf(handle) : SEEDED_ORDER.length);

const toView = (r: Row): ApiStandardView => ({
  api_standard_handle: r.handle,
  description: r.description,
  key_method: r.keyMethod as KeyMethod,
  key_field: r.keyField,
});

const notFound = (handle: string) => new AppError("not_found", `API standard '${handle}' not found`);

/** Seed 002's 409: N is every endpoint of every instance that names the standard. */
const inUse = (references: number) =>
  new AppError("api_standard_in_use", `Cannot delete API standard: referenced by ${references} LLM service instances`, { members: { references } });

/** Every standard, oldest first (the three seeded ones in the seed's order). */
export async function listApiStandards(): Promise<ApiStandardView[]> {
  const rows = await db().apiStandard.findMany();
  return rows
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || seedRank(a.handle) - seedRank(b.handle) || a.handle.localeCompare(b.handle))
    .map(toView);
}

/** One standard, or the seed's 404 naming it. */
export async function getApiStandard(handle: string): Promise<ApiStandardView> {
  const row = await db().apiStandard.findUnique({ where: { handle } });
  if (!row) throw notFound(handle);
  return toView(row);
}

/** How many endpoints, across all instances, name this standard. */
export async function countStandardReferences(handle: string, tx?: Tx): Promise<number> {
  return (tx ?? db()).endpoint.count({ where: { apiStandardHandle: handle } });
}

/**
 * References per standard, for the console: across all instances for a
 * superadmin (instanceId null), otherwise within one instance only, so a
 * member learns nothing about other tenants' endpoints.
 */
export async function referenceCounts(instanceId: string | null): Promise<Map<string, number>> {
  const groups = await db().endpoint.groupBy({
    by: ["apiStandardHandle"],
    where: { apiStandardHandle: { not: null }, ...(instanceId ? { instanceId } : {}) },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.apiStandardHandle!, g._count._all]));
}

const dataOf = (v: ApiStandardValues) => ({ description: v.description, keyMethod: v.key_method, keyField: v.key_field });

/** POST: a new handle only; an existing one is 409 already_exists. */
export async function createApiStandard(values: ApiStandardValues): Promise<ApiStandardView> {
  try {
    return toView(await db().apiStandard.create({ data: { handle: values.api_standard_handle, ...dataOf(values) } }));
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyExists(`API standard '${values.api_standard_handle}' already exists; use PUT or PATCH to change it`);
    throw e;
  }
}

function assertSameHandle(pathHandle: string, bodyHandle: string | undefined): void {
  if (bodyHandle !== undefined && bodyHandle !== pathHandle) {
    throw new AppError("handle_mismatch", `api_standard_handle '${bodyHandle}' does not match the path's '${pathHandle}'; standards cannot be renamed`, {
      errors: [{ pointer: "/api_standard_handle", code: "handle_mismatch", message: "Must equal the handle in the path" }],
    });
  }
}

/**
 * PUT: creates the standard (created: true) or replaces its fields. Two
 * racing PUTs of a new handle both succeed: the loser of the insert replaces.
 */
export async function putApiStandard(handle: string, values: ApiStandardValues): Promise<{ standard: ApiStandardView; created: boolean }> {
  assertSameHandle(handle, values.api_standard_handle);
  for (let attempt = 0; ; attempt++) {
    try {
      return { standard: toView(await db().apiStandard.create({ data: { handle, ...dataOf(values) } })), created: true };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    try {
      return { standard: toView(await db().apiStandard.update({ where: { handle }, data: dataOf(values) })), created: false };
    } catch (e) {
      // Deleted between the two statements: try the insert again (once more at most).
      if (!isRecordNotFound(e) || attempt > 0) throw e;
    }
  }
}

/** Locks a standard's row for the rest of the transaction; the seed's 404 when there is none. */
async function lockRow(tx: Tx, handle: string): Promise<Row> {
  const locked = await tx.$queryRaw<{ handle: string }[]>`SELECT handle FROM api_standards WHERE handle = ${handle} FOR UPDATE`;
  if (locked.length === 0) throw notFound(handle);
  return tx.apiStandard.findUniqueOrThrow({ where: { handle } });
}

/** PATCH: the fields sent; key_field is checked against key_method on the merged result. */
export async function updateApiStandard(handle: string, patch: ApiStandardPatch): Promise<ApiStandardView> {
  assertSameHandle(handle, patch.api_standard_handle);
  return db().$transaction(async (tx) => {
    const current = await lockRow(tx, handle);
    const keyMethod = patch.key_method ?? (current.keyMethod as KeyMethod);
    const keyField = patch.key_field ?? current.keyField;
    const problem = keyFieldProblem(keyMethod, keyField);
    if (problem) throw invalidField("/key_field", problem);
    const row = await tx.apiStandard.update({
      where: { handle },
      data: { description: patch.description ?? current.description, keyMethod, keyField },
    });
    return toView(row);
  });
}

/**
 * DELETE: refused while any endpoint names the standard. The row is locked
 * first; a concurrent insert of a referencing endpoint needs a share lock on
 * it, so it either committed before the count (and is counted) or waits and
 * then fails its foreign key. Should the foreign key still refuse the delete,
 * the answer is the same 409 with a fresh count.
 */
export async function deleteApiStandard(handle: string): Promise<{ message: string }> {
  try {
    await db().$transaction(async (tx) => {
      await lockRow(tx, handle);
      const references = await countStandardReferences(handle, tx);
      if (references > 0) throw inUse(references);
      await tx.apiStandard.delete({ where: { handle } });
    });
  } catch (e) {
    if (isForeignKeyViolation(e)) throw inUse(await countStandardReferences(handle));
    throw e;
  }
  return { message: `API standard '${handle}' deleted successfully` };
}
