import { beforeAll, describe, expect, it } from "vitest";
import { generateKey, type Keyring, type SealKey } from "./keyring";
import { open, seal, SealRefusedError } from "./seal";

const ringOf = (...keys: SealKey[]): Keyring => ({ source: "env", active: keys[0], keys: new Map(keys.map((k) => [k.id, k])), file: null });

function refusal(fn: () => unknown): SealRefusedError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SealRefusedError) return e;
    throw e;
  }
  throw new Error("expected the open to be refused");
}

describe("seal and open", () => {
  let a: SealKey;
  let b: SealKey;
  const value = "sk-ant-api03-seal-test-value-0123456789";
  const binding = { instanceId: "ins_one", name: "upstream_llm_key" };

  beforeAll(async () => {
    a = await generateKey();
    b = await generateKey();
  });

  it("opens what it sealed, for the same instance, name and key", () => {
    const sealed = seal(a, binding, value);
    expect(sealed.keyId).toBe(a.id);
    expect(open(ringOf(a), { ...binding, ...sealed })).toBe(value);
  });

  it("keeps the value out of the sealed text, and never seals twice the same way", () => {
    const one = seal(a, binding, value);
    const two = seal(a, binding, value);
    expect(one.sealedValue).not.toBe(two.sealedValue);
    for (const encoded of [value, Buffer.from(value).toString("base64"), Buffer.from(value).toString("hex")]) {
      expect(one.sealedValue).not.toContain(encoded);
    }
  });

  it("round-trips 16 KiB and multi-byte values", () => {
    for (const v of ["x".repeat(16 * 1024), "päss-wörd-€-🔑", "line one\nline two\n"]) {
      expect(open(ringOf(a), { ...binding, ...seal(a, binding, v) })).toBe(v);
    }
  });

  it("refuses ciphertext moved to another name, instance or key id", () => {
    const sealed = seal(a, binding, value);
    const ring = ringOf(a, b);
    const cases = [
      { ...binding, ...sealed, name: "other_name" },
      { ...binding, ...sealed, instanceId: "ins_two" },
      { ...binding, ...sealed, keyId: b.id },
    ];
    for (const row of cases) {
      const e = refusal(() => open(ring, row));
      expect(["wrong_binding", "does_not_open"]).toContain(e.reason);
      expect(e.message).not.toContain(value);
    }
  });

  it("refuses a key id the keyring does not hold", () => {
    const sealed = seal(b, binding, value);
    expect(refusal(() => open(ringOf(a), { ...binding, ...sealed })).reason).toBe("unknown_key");
  });

  it("refuses damaged or foreign ciphertext", () => {
    const sealed = seal(a, binding, value);
    const bytes = Buffer.from(sealed.sealedValue, "base64");
    bytes[bytes.length - 5] ^= 0xff;
    const ring = ringOf(a);
    expect(refusal(() => open(ring, { ...binding, keyId: a.id, sealedValue: bytes.toString("base64") })).reason).toBe("does_not_open");
    expect(refusal(() => open(ring, { ...binding, keyId: a.id, sealedValue: "not base64 at all!" })).reason).toBe("does_not_open");
    expect(refusal(() => open(ring, { ...binding, keyId: a.id, sealedValue: "" })).reason).toBe("does_not_open");
    const forB = seal(b, binding, value);
    expect(refusal(() => open(ring, { ...binding, keyId: a.id, sealedValue: forB.sealedValue })).reason).toBe("does_not_open");
  });
});
