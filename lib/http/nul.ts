import { AppError } from "@/lib/errors";

// PostgreSQL text cannot hold a NUL character: a request carrying one would
// fail deep in a query as a 500. Every request part is checked before parsing.

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (depth > 64 || value === null || typeof value !== "object") return null;
  for (const [k, v] of Object.entries(value)) {
    const at = `${path}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (k.includes("\u0000")) return at;
    const found = findNul(v, at, depth + 1);
    if (found) return found;
  }
  return null;
}

/** 400 validation_failed pointing at the first string that holds a NUL character. */
export function refuseNul(value: unknown, root = ""): void {
  const pointer = findNul(value, root);
  if (pointer !== null) {
    throw new AppError("validation_failed", "Text may not contain NUL characters", {
      errors: [{ pointer: pointer || "/", code: "nul_character", message: "Remove the NUL (\\u0000) character" }],
    });
  }
}
