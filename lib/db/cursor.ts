import { AppError } from "@/lib/errors";

// Keyset cursors for lists ordered newest first by (created_at, id): the
// position of the last row of a page, opaque to clients.

export type Position = { createdAt: Date; id: string };

export function encodeCursor(row: Position): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

/** An id as the product makes them (lib/ids.ts): a prefix, an underscore, base62. */
const ID_SHAPE = /^[a-z]+_[0-9A-Za-z_]{1,40}$/;

/** An instant the database can hold: years 1 to 9999 (JavaScript's Date reaches ±275,760). */
export function storableInstant(d: Date): boolean {
  const year = d.getUTCFullYear();
  return !Number.isNaN(d.getTime()) && year >= 1 && year <= 9999;
}

export function decodeCursor(cursor: string, pointer = "/query/cursor"): Position {
  const [iso, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || rest.length > 0 || id.length > 48 || !ID_SHAPE.test(id) || !storableInstant(createdAt)) {
    throw new AppError("validation_failed", "The cursor is not valid", {
      errors: [{ pointer, code: "invalid_cursor", message: "Use the next_cursor of a previous page" }],
    });
  }
  return { createdAt, id };
}

/** The where clause of "rows after this position", newest first (by created_at, or another time column). */
export function after<Where>(c: Position, field: "createdAt" | "testedAt" = "createdAt"): Where {
  // The redundant `<=` is what the (…, created_at DESC, id) index can seek to; the OR alone is only
  // a filter, and a deep page would walk the index from the top (docs/performance.md, scenario 4).
  return { AND: [{ [field]: { lte: c.createdAt } }, { OR: [{ [field]: { lt: c.createdAt } }, { [field]: c.createdAt, id: { lt: c.id } }] }] } as Where;
}

/** Cuts a fetched page (limit + 1 rows) and answers the next cursor. */
export function page<T extends Position>(rows: T[], limit: number): { rows: T[]; next: string | null } {
  const kept = rows.slice(0, limit);
  return { rows: kept, next: rows.length > limit ? encodeCursor(kept[kept.length - 1]) : null };
}
