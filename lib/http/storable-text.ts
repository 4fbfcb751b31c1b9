import { AppError } from "@/lib/errors";
import { hasLoneSurrogate } from "@/lib/well-formed";

// PostgreSQL text cannot hold a NUL character, nor an unpaired UTF-16
// surrogate (lib/well-formed.ts): a request carrying either would fail deep in
// a query as a 500.
// Every request part is checked before parsing.

type Flaw = { pointer: string; code: "nul_character" | "lone_surrogate" };

function flawOf(s: string): Flaw["code"] | null {
  if (s.includes("\u0000")) return "nul_character";
  return hasLoneSurrogate(s) ? "lone_surrogate" : null;
}

function findFlaw(value: unknown, path: string, depth = 0): Flaw | null {
  if (typeof value === "string") {
    const code = flawOf(value);
    return code ? { pointer: path, code } : null;
  }
  if (depth > 64 || value === null || typeof value !== "object") return null;
  for (const [k, v] of Object.entries(value)) {
    const at = `${path}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    const inKey = flawOf(k);
    if (inKey) return { pointer: at, code: inKey };
    const found = findFlaw(v, at, depth + 1);
    if (found) return found;
  }
  return null;
}

const FIX: Record<Flaw["code"], string> = {
  nul_character: "Remove the NUL (\\u0000) character",
  lone_surrogate: "Remove the unpaired UTF-16 surrogate (\\uD800–\\uDFFF without its pair)",
};

/** 400 validation_failed pointing at the first string holding a NUL character or an unpaired surrogate. */
export function refuseUnstorableText(value: unknown, root = ""): void {
  const flaw = findFlaw(value, root);
  if (flaw) {
    throw new AppError("validation_failed", "Text may not contain NUL characters or unpaired surrogates", {
      errors: [{ pointer: flaw.pointer || "/", code: flaw.code, message: FIX[flaw.code] }],
    });
  }
}
