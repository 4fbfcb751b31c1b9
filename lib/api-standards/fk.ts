// A foreign-key violation, as either adapter reports it: Prisma's P2003
// (PostgreSQL) or a driver error carrying SQLSTATE 23503 (PGlite), possibly
// wrapped in causes.

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
