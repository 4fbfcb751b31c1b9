import "server-only";
import sodium from "libsodium-wrappers";
import type { Keyring, SealKey } from "./keyring";

// A secret value is sealed (crypto_box_seal, X25519 + XSalsa20-Poly1305) to
// the active public key inside an envelope that names the instance, the secret
// name and the key id. Opening checks all three against the row it came from,
// so ciphertext copied to another row, another instance or another key id is
// refused. Keys come from a Keyring, which has awaited `sodium.ready`.

export type Binding = { instanceId: string; name: string };
export type SealedRow = Binding & { keyId: string; sealedValue: string };

type Envelope = { v: 1; i: string; n: string; k: string; value: string };

export type RefusalReason = "unknown_key" | "does_not_open" | "wrong_binding";

/** The sealed value cannot be opened for this row. Carries no part of any value. */
export class SealRefusedError extends Error {
  constructor(readonly reason: RefusalReason) {
    super(
      reason === "unknown_key"
        ? "The sealed value uses a key that is not in the keyring"
        : "The sealed value does not belong to this secret or is damaged",
    );
    this.name = "SealRefusedError";
  }
}

export function seal(key: SealKey, binding: Binding, value: string): { sealedValue: string; keyId: string } {
  const envelope: Envelope = { v: 1, i: binding.instanceId, n: binding.name, k: key.id, value };
  const plain = sodium.from_string(JSON.stringify(envelope));
  try {
    const sealed = sodium.crypto_box_seal(plain, key.publicKey);
    return { sealedValue: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL), keyId: key.id };
  } finally {
    sodium.memzero(plain);
  }
}

function decode(sealedValue: string): Uint8Array | null {
  try {
    return sodium.from_base64(sealedValue, sodium.base64_variants.ORIGINAL);
  } catch {
    return null;
  }
}

function isEnvelope(x: unknown): x is Envelope {
  const e = x as Partial<Envelope> | null;
  return !!e && e.v === 1 && typeof e.i === "string" && typeof e.n === "string" && typeof e.k === "string" && typeof e.value === "string";
}

/** Opens a row's sealed value, or throws SealRefusedError. */
export function open(ring: Keyring, row: SealedRow): string {
  const key = ring.keys.get(row.keyId);
  if (!key) throw new SealRefusedError("unknown_key");
  const cipher = decode(row.sealedValue);
  if (!cipher) throw new SealRefusedError("does_not_open");
  let plain: Uint8Array;
  try {
    plain = sodium.crypto_box_seal_open(cipher, key.publicKey, key.privateKey);
  } catch {
    throw new SealRefusedError("does_not_open");
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(sodium.to_string(plain));
  } catch {
    envelope = null;
  } finally {
    sodium.memzero(plain);
  }
  if (!isEnvelope(envelope) || envelope.i !== row.instanceId || envelope.n !== row.name || envelope.k !== row.keyId) {
    throw new SealRefusedError("wrong_binding");
  }
  return envelope.value;
}
