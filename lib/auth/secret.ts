import "server-only";
import { randomBytes } from "node:crypto";
import { config } from "@/lib/config";
import { readOrCreateDataFile } from "@/lib/db/data-dir";

const PLACEHOLDERS = /^(change[-_ ]?me|changeit|secret|password|placeholder|your[-_ ]?secret.*|xxx+|test|example|todo)$/i;

/**
 * The session-signing secret: NEXTAUTH_SECRET when given, otherwise generated
 * into the data directory on first start (mode 0600). Placeholders and short
 * values are refused, so a copied example config cannot reach production.
 */
export function authSecret(): string {
  const given = config().NEXTAUTH_SECRET;
  if (given !== undefined) {
    if (PLACEHOLDERS.test(given.trim()) || given.length < 32) {
      throw new Error("NEXTAUTH_SECRET is a placeholder or shorter than 32 characters; generate one with `openssl rand -base64 48`, or unset it to have one generated into the data directory");
    }
    return given;
  }
  return readOrCreateDataFile("auth-secret", () => randomBytes(48).toString("base64url"));
}
