import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { randomBase62, toBase62 } from "@/lib/ids";

// pnx_ + 30 random base62 characters + 6-character base62 CRC32 of the random
// part. The checksum lets a typo or a forged token be refused without a
// database lookup; it is not a secret.

export const TOKEN_PREFIX = "pnx_";
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const TOKEN_PATTERN = /^pnx_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/;

function checksum(random: string): string {
  return toBase62(crc32(random), CHECKSUM_LENGTH);
}

export function generateToken(): string {
  const random = randomBase62(RANDOM_LENGTH);
  return `${TOKEN_PREFIX}${random}${checksum(random)}`;
}

/** True when the text has the token shape and its checksum matches. */
export function hasValidChecksum(token: string): boolean {
  const m = TOKEN_PATTERN.exec(token);
  return !!m && checksum(m[1]) === m[2];
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The short id shown everywhere: the first 8 hex characters of the SHA-256. */
export function shortIdOf(hash: string): string {
  return hash.slice(0, 8);
}

/** Anything that looks like one of our tokens, e.g. in a query string. */
export const TOKEN_LIKE = /pnx_[0-9A-Za-z]{20,}/;
