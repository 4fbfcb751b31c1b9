import { AppError, type AppErrorExtras } from "@/lib/errors";

// Unique violations surface differently per adapter: Prisma's P2002 for
// PostgreSQL, a driver error carrying SQLSTATE 23505 for PGlite. Both map
// here, and to one error code: already_exists (409).

export function isUniqueViolation(e: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = e;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const err = current as { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (err.code === "P2002" || err.code === "23505") return true;
    if ((err as { originalCode?: unknown }).originalCode === "23505") return true;
    current = err.cause ?? err.meta?.driverAdapterError;
  }
  return /unique constraint|duplicate key value/i.test(String((e as Error)?.message ?? ""));
}

/** A foreign-key violation: Prisma's P2003 (PostgreSQL) or SQLSTATE 23503 from the driver (PGlite). */
export function isForeignKeyViolation(e: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = e;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const err = current as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (err.code === "P2003" || err.code === "23503" || err.originalCode === "23503") return true;
    current = err.cause ?? err.meta?.driverAdapterError;
  }
  return /foreign key constraint/i.test(String((e as Error)?.message ?? ""));
}

export function isRecordNotFound(e: unknown): boolean {
  return !!e && typeof e === "object" && (e as { code?: unknown }).code === "P2025";
}

/** A unique violation as 409 already_exists with a message that names the clash. */
export function alreadyExists(message = "A record with these values already exists", extras?: AppErrorExtras): AppError {
  return new AppError("already_exists", message, extras);
}

/** Awaits a write; a unique violation becomes 409 already_exists with this message. */
export async function uniqueOr<T>(write: Promise<T>, message: string, extras?: AppErrorExtras): Promise<T> {
  try {
    return await write;
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyExists(message, extras);
    throw e;
  }
}

/**
 * Text for Prisma's contains/startsWith taken literally: the driver adapters
 * pass it to LIKE as is, so its wildcards (% and _) and the escape character
 * are escaped here.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
