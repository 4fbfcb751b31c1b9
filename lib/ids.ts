import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Uniform random base62 string (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function toBase62(value: number, width: number): string {
  let n = value;
  let out = "";
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, "0");
}

export type IdPrefix = "ins" | "usr" | "mem" | "tok" | "sec" | "evt" | "ep" | "inv" | "ses" | "tst" | "dlp" | "llm";

/** Prefixed, unguessable ids: `ins_…`, `usr_…`. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(20)}`;
}

/** Whether a value has the shape of an id with this prefix (checked before any use). */
export function isId(prefix: IdPrefix, value: unknown): value is string {
  return typeof value === "string" && value.length <= 40 && new RegExp(`^${prefix}_[0-9A-Za-z]{20}$`).test(value);
}
