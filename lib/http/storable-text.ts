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

type Node = { value: unknown; key: string | null; parent: Node | null };

/** The node's JSON pointer, built only for the one reported (a path per node would be quadratic). */
function pointerOf(node: Node, root: string): string {
  const keys: string[] = [];
  for (let n: Node | null = node; n && n.key !== null; n = n.parent) keys.push(n.key.replace(/~/g, "~0").replace(/\//g, "~1"));
  return root + keys.reverse().map((k) => `/${k}`).join("");
}

/** The first flaw in document order. Iterative: a 64 KiB body can nest thousands of levels deep. */
function findFlaw(value: unknown, root: string): Flaw | null {
  const stack: Node[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node.value === "string") {
      const code = flawOf(node.value);
      if (code) return { pointer: pointerOf(node, root), code };
      continue;
    }
    if (node.value === null || typeof node.value !== "object") continue;
    const children = Object.entries(node.value).map(([key, v]): Node => ({ value: v, key, parent: node }));
    for (const child of children) {
      const inKey = flawOf(child.key!);
      if (inKey) return { pointer: pointerOf(child, root), code: inKey };
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
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
