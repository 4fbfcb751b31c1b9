import { describe, expect, it } from "vitest";
import { compilePattern, MAX_PATTERN_LENGTH, MAX_SCAN_CHARS, patternProblem } from "./engine";
import { createDlpRuleSchema } from "./schema";

describe("custom DLP patterns (re2js)", () => {
  it("a pathological pattern returns promptly: (a+)+$ against 100 KB of a and !", () => {
    const text = "a".repeat(100 * 1024) + "!";
    const re = compilePattern("(a+)+$");
    const started = performance.now();
    expect(re.test(text)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
    // The same pattern, where the native engine backtracks exponentially, still matches what it should.
    expect(re.test("xaaaa")).toBe(true);
  });

  it("other catastrophic shapes stay fast too", () => {
    const text = "a".repeat(MAX_SCAN_CHARS) + "!";
    for (const pattern of ["(a|aa)+$", "(a*)*b", "(.*a){20}$", "^(\\w+\\s?)+$", "(?i)(x|y|z|a|b){50}!c"]) {
      expect(patternProblem(pattern), pattern).toBeNull();
      const started = performance.now();
      compilePattern(pattern).test(text);
      expect(performance.now() - started, pattern).toBeLessThan(500);
    }
  });

  it("matches anywhere, case-sensitive unless (?i)", () => {
    expect(compilePattern("\\bACME-\\d{6}\\b").test("ticket ACME-123456 open")).toBe(true);
    expect(compilePattern("\\bACME-\\d{6}\\b").test("acme-123456")).toBe(false);
    expect(compilePattern("(?i)project[- ]?falcon").test("Re: PROJECT FALCON")).toBe(true);
  });

  it("sees at most MAX_SCAN_CHARS of a text", () => {
    const re = compilePattern("SECRET");
    expect(re.test("x".repeat(MAX_SCAN_CHARS - 6) + "SECRET")).toBe(true);
    expect(re.test("x".repeat(MAX_SCAN_CHARS) + "SECRET")).toBe(false);
  });

  it("refuses what cannot be used, with a reason", () => {
    expect(patternProblem("(abc")).toMatch(/^Not a valid RE2 pattern: missing closing \)/);
    expect(patternProblem("(?<=a)b")).toMatch(/^Not a valid RE2 pattern/); // no lookbehind in RE2
    expect(patternProblem("(a)\\1")).toMatch(/^Not a valid RE2 pattern/); // no backreferences
    expect(patternProblem("a{1001}")).toMatch(/^Not a valid RE2 pattern: invalid repeat count/);
    expect(patternProblem("x".repeat(MAX_PATTERN_LENGTH + 1))).toBe(`Use at most ${MAX_PATTERN_LENGTH} characters`);
    expect(patternProblem("(?:[a-z]{1,100}x){8}")).toMatch(/too complex/);
    expect(patternProblem("a*")).toMatch(/matches empty text/);
    expect(patternProblem("")).toBe("Enter a pattern");
  });

  it("the create schema points at /pattern", () => {
    const parsed = createDlpRuleSchema.safeParse({ name: "Broken", pattern: "([" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(["pattern"]);
    expect(createDlpRuleSchema.parse({ name: " Codes ", pattern: "ACME-\\d+" })).toEqual({ name: "Codes", pattern: "ACME-\\d+", action: "block", enabled: true });
  });
});
