import { z } from "zod";

// A user's handle: seed 002's `{owner}` in /api/v2/llm-services/{owner}/….
// Lowercase letters, digits, "-" and "_", up to 39 characters (GitHub's
// length). New accounts get one derived from the e-mail's local part, the
// same rule the migration used for existing accounts; a taken handle gets a
// short random suffix. Users may change theirs on their profile.
// Pure (no Node imports): the profile form validates with handleSchema in the
// browser. The migration's backfill SQL follows handleBase; handles.test.ts
// runs both on the same e-mails.

export const HANDLE_MAX = 39;
const BASE_MAX = 32;

export const handleSchema = z
  .string()
  .trim()
  .min(1, "Enter a handle")
  .max(HANDLE_MAX, `At most ${HANDLE_MAX} characters`)
  .regex(/^[a-z0-9_-]+$/, "Use lowercase letters, digits, - and _");

/** The handle an e-mail address suggests (before any collision suffix). */
export function handleBase(email: string): string {
  const local = email.split("@")[0].toLowerCase();
  const cleaned = local.replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, BASE_MAX);
  return cleaned || "user";
}

/** A free handle for a new account: the base, or the base with a random suffix when taken. */
export async function freeHandle(email: string, isTaken: (handle: string) => Promise<boolean>): Promise<string> {
  const base = handleBase(email);
  if (!(await isTaken(base))) return base;
  for (;;) {
    // Six hex digits from the platform's CSPRNG (Web Crypto, global in Node 20 and browsers).
    const candidate = `${base}-${crypto.randomUUID().slice(0, 6)}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}
