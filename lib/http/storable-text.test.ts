import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { refuseUnstorableText } from "./storable-text";

function refusal(value: unknown, root = ""): unknown {
  try {
    refuseUnstorableText(value, root);
    return null;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return e.extras.errors;
  }
}

const nested = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: [v] };
  return v;
};

describe("refuseUnstorableText", () => {
  it("passes well-formed text, surrogate pairs included", () => {
    expect(refusal({ name: "grinning \uD83D\uDE00", tags: ["a", "b"], n: 1, x: null })).toBeNull();
  });

  it("points at the first NUL or unpaired surrogate, in a value or a key, in document order", () => {
    expect(refusal({ a: "ok", b: ["x", "y\uD800"], c: "\u0000" })).toEqual([expect.objectContaining({ pointer: "/b/1", code: "lone_surrogate" })]);
    expect(refusal({ "a/b~c": { "k\uDC00": 1 } }, "/query")).toEqual([expect.objectContaining({ pointer: "/query/a~1b~0c/k\uDC00", code: "lone_surrogate" })]);
    expect(refusal("\u0000")).toEqual([expect.objectContaining({ pointer: "/", code: "nul_character" })]);
  });

  it("finds a flaw however deep it is nested, without a stack overflow (a 64 KiB body nests thousands deep)", () => {
    const deep = JSON.parse(`${"[".repeat(30_000)}"\\uD800"${"]".repeat(30_000)}`);
    const errors = refusal(deep) as { pointer: string; code: string }[];
    expect(errors[0].code).toBe("lone_surrogate");
    expect(errors[0].pointer).toBe("/0".repeat(30_000));
    expect(refusal(nested(100, "\u0000"))).toEqual([expect.objectContaining({ code: "nul_character", pointer: "/a/0".repeat(100) })]);
    expect(refusal(JSON.parse(`${"[".repeat(30_000)}"fine"${"]".repeat(30_000)}`))).toBeNull();
  });
});
