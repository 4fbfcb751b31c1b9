import { describe, expect, it } from "vitest";
import {
  createSecretSchema,
  maskedHint,
  nameFromRef,
  secretNameSchema,
  secretRefSchema,
  secretValueSchema,
  secretViewSchema,
  SECRET_VALUE_MAX_BYTES,
} from "./schema";

const messages = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => i.message) ?? [];

describe("secret name", () => {
  it.each(["a", "upstream_llm_key", "a-b_c9", "0", "x".repeat(64)])("accepts %s", (name) => {
    expect(secretNameSchema.safeParse(name).success).toBe(true);
  });

  it.each([
    ["", "Enter a name"],
    ["Upper", "Use lowercase letters, digits, _ and - only"],
    ["with space", "Use lowercase letters, digits, _ and - only"],
    ["dot.name", "Use lowercase letters, digits, _ and - only"],
    ["ünïcode", "Use lowercase letters, digits, _ and - only"],
    ["secret:foo", "Use lowercase letters, digits, _ and - only"],
    [" padded", "Use lowercase letters, digits, _ and - only"],
    ["x".repeat(65), "Use at most 64 characters"],
  ])("refuses %j", (name, message) => {
    expect(messages(secretNameSchema.safeParse(name))).toContain(message);
  });

  it("points at the name field in the create input", () => {
    const r = createSecretSchema.safeParse({ name: "Bad Name", value: "v" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["name"]);
  });
});

describe("secret value", () => {
  it("refuses an empty or blank value", () => {
    expect(messages(secretValueSchema.safeParse(""))).toContain("Enter a value");
    expect(messages(secretValueSchema.safeParse(" \n\t"))).toContain("Enter a value");
    expect(messages(createSecretSchema.safeParse({ name: "ok" }))).toContain("Enter a value");
  });

  it("accepts exactly 16 KiB and refuses one byte more", () => {
    expect(secretValueSchema.safeParse("a".repeat(SECRET_VALUE_MAX_BYTES)).success).toBe(true);
    expect(messages(secretValueSchema.safeParse("a".repeat(SECRET_VALUE_MAX_BYTES + 1)))).toContain("The value is larger than 16 KiB");
  });

  it("counts UTF-8 bytes, not characters", () => {
    const euros = "€".repeat(Math.floor(SECRET_VALUE_MAX_BYTES / 3) + 1); // 5462 characters, 16386 bytes
    expect(euros.length).toBeLessThan(SECRET_VALUE_MAX_BYTES);
    expect(secretValueSchema.safeParse(euros).success).toBe(false);
  });

  it("never echoes the value in an error", () => {
    const value = `sk-live-${"z".repeat(SECRET_VALUE_MAX_BYTES)}`;
    const r = createSecretSchema.safeParse({ name: "Bad Name", value });
    expect(JSON.stringify(r.error?.issues)).not.toContain("sk-live-");
  });
});

describe("secret reference", () => {
  it("takes secret:<name> and nothing else", () => {
    expect(nameFromRef("secret:upstream_llm_key")).toBe("upstream_llm_key");
    for (const bad of ["upstream_llm_key", "secret:", "secret:UPPER", "secrets:abc", " secret:abc", "secret:a b", `secret:${"x".repeat(65)}`]) {
      expect(nameFromRef(bad), bad).toBeNull();
      expect(secretRefSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("masked hint", () => {
  it("shows a provider prefix and the last four of a long key", () => {
    expect(maskedHint("sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789WXYZ")).toBe("sk-ant-...WXYZ");
  });

  it("shows less of shorter values and nothing of short ones", () => {
    expect(maskedHint("abcdefghijklmnop")).toBe("...mnop");
    expect(maskedHint("abcdefghijklmnopqrst")).toBe("abcd...qrst");
    expect(maskedHint("abcdefgh")).toBe("••••gh");
    expect(maskedHint("abcdefg")).toBe("••••");
  });

  it("never shows enough to reconstruct a value, for every length", () => {
    for (let n = 1; n <= 200; n++) {
      const value = Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");
      const shown = maskedHint(value).replace(/\.\.\.|••••/g, "").length;
      const allowed = n >= 16 ? n - 12 : n >= 8 ? 2 : 0;
      expect(shown, `length ${n}`).toBeLessThanOrEqual(allowed);
    }
  });
});

describe("secret view", () => {
  it("is strict: a value field cannot be part of it", () => {
    const view = {
      id: "sec_1",
      name: "n",
      ref: "secret:n",
      hint: "••••",
      key_id: "0123abcd",
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
      updated_by: null,
      used_by: [],
    };
    expect(secretViewSchema.safeParse(view).success).toBe(true);
    expect(secretViewSchema.safeParse({ ...view, value: "x" }).success).toBe(false);
    expect(secretViewSchema.safeParse({ ...view, sealed_value: "x" }).success).toBe(false);
  });
});
