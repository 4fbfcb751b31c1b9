import { RE2JS } from "re2js";

// Custom DLP patterns run on re2js, an RE2 port: matching takes time linear
// in the input (no backtracking, so `(a+)+$` cannot explode), RE2 syntax (no
// backreferences or lookaround). Three hard bounds on top keep one scan
// short whatever an admin writes: the pattern's length and compiled size are
// checked when the rule is written, and each text is scanned up to
// MAX_SCAN_CHARS.

export const MAX_PATTERN_LENGTH = 500;
/** Instructions of the compiled program; the cost of a scan grows with it. */
export const MAX_PROGRAM_SIZE = 1000;
/** Characters of each text a custom pattern sees (the built-in detectors see all of it). */
export const MAX_SCAN_CHARS = 256 * 1024;

export type CompiledPattern = { test(text: string): boolean };

/** What is wrong with a pattern, in words for the form and the API; null when it can be used. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return "Enter a pattern";
  if (pattern.length > MAX_PATTERN_LENGTH) return `Use at most ${MAX_PATTERN_LENGTH} characters`;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    return `Not a valid RE2 pattern: ${e instanceof Error ? e.message.replace(/^error parsing regexp: /, "") : "it does not compile"}`;
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) return "The pattern is too complex: use fewer or smaller repetitions";
  if (re.test("")) return "The pattern matches empty text, so it would match everything";
  return null;
}

// Compiled patterns by source; rules are read per scan, compiling each once.
const cache = new Map<string, CompiledPattern>();
const CACHE_SIZE = 500;

/** A checked pattern (see patternProblem) as a matcher over at most MAX_SCAN_CHARS of each text. */
export function compilePattern(pattern: string): CompiledPattern {
  let compiled = cache.get(pattern);
  if (!compiled) {
    const re = RE2JS.compile(pattern);
    compiled = { test: (text) => re.test(text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text) };
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(pattern, compiled);
  }
  return compiled;
}
