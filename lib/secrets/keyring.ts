import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import sodium from "libsodium-wrappers";
import { z } from "zod";
import { config } from "@/lib/config";
import { dataDir } from "@/lib/db/data-dir";
import { log } from "@/lib/log";

// The seal keyring: X25519 key pairs for crypto_box_seal. Either
// PENAXTRA_SEAL_KEY (`<keyid>:<base64 private key>`, comma-separated, first
// active) or `<dataDir>/seal-keys.json` (mode 0600). A key id is the first 8
// hex characters of the SHA-256 of the public key. Key material is never
// logged and never part of an error message.

export const KEY_FILE = "seal-keys.json";

export type SealKey = { id: string; publicKey: Uint8Array; privateKey: Uint8Array; createdAt: string | null };

export type Keyring = {
  source: "env" | "file";
  /** The key new values are sealed to. */
  active: SealKey;
  keys: ReadonlyMap<string, SealKey>;
  /** The key file, in file mode. */
  file: string | null;
};

/** A keyring that cannot be used as configured; the message says what to do. */
export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyringError";
  }
}

const PRIVATE_KEY_BYTES = 32;

export function keyIdOf(publicKey: Uint8Array): string {
  return createHash("sha256").update(publicKey).digest("hex").slice(0, 8);
}

function keyFromPrivate(privateKey: Uint8Array, createdAt: string | null): SealKey {
  const publicKey = sodium.crypto_scalarmult_base(privateKey);
  return { id: keyIdOf(publicKey), publicKey, privateKey, createdAt };
}

export async function generateKey(): Promise<SealKey> {
  await sodium.ready;
  const pair = sodium.crypto_box_keypair();
  return { id: keyIdOf(pair.publicKey), publicKey: pair.publicKey, privateKey: pair.privateKey, createdAt: new Date().toISOString() };
}

/** One PENAXTRA_SEAL_KEY entry for a key: `<keyid>:<base64 private key>`. */
export function envEntry(key: SealKey): string {
  return `${key.id}:${Buffer.from(key.privateKey).toString("base64")}`;
}

function decodePrivateKey(b64: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const bytes = new Uint8Array(Buffer.from(b64, "base64"));
  return bytes.length === PRIVATE_KEY_BYTES ? bytes : null;
}

/** Parses PENAXTRA_SEAL_KEY. Errors name the entry's position, never its content. */
export function parseEnvKeys(raw: string): SealKey[] {
  const entries = raw.split(",").map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new KeyringError("PENAXTRA_SEAL_KEY is set but holds no key; see docs/secrets.md for its format");
  const keys: SealKey[] = [];
  entries.forEach((entry, index) => {
    const where = `PENAXTRA_SEAL_KEY entry ${index + 1}`;
    const m = /^([0-9a-f]{8}):(.+)$/.exec(entry);
    if (!m) throw new KeyringError(`${where} is not of the form <keyid>:<base64 private key> (generate one with \`npm run cli -- keys:generate\`)`);
    const privateKey = decodePrivateKey(m[2]);
    if (!privateKey) throw new KeyringError(`${where} (key id ${m[1]}): the private key is not 32 bytes of base64`);
    const key = keyFromPrivate(privateKey, null);
    if (key.id !== m[1]) {
      throw new KeyringError(`${where} names key id ${m[1]}, but its private key has key id ${key.id}: the entry is wrong or was truncated`);
    }
    if (keys.some((k) => k.id === key.id)) throw new KeyringError(`${where}: key id ${key.id} is listed twice`);
    keys.push(key);
  });
  return keys;
}

const keyFileSchema = z.object({
  version: z.literal(1),
  active: z.string(),
  keys: z.array(z.object({ id: z.string(), private_key: z.string(), created_at: z.string().nullable() })).min(1),
});

function parseKeyFile(file: string, text: string): { keys: SealKey[]; active: string } {
  let data: z.infer<typeof keyFileSchema>;
  try {
    data = keyFileSchema.parse(JSON.parse(text));
  } catch {
    throw new KeyringError(`The seal key file ${file} is not a valid key file; restore it from your backup`);
  }
  const keys = data.keys.map((k) => {
    const privateKey = decodePrivateKey(k.private_key);
    if (!privateKey) throw new KeyringError(`The seal key file ${file} holds a damaged key (${k.id}); restore it from your backup`);
    const key = keyFromPrivate(privateKey, k.created_at);
    if (key.id !== k.id) throw new KeyringError(`The seal key file ${file} lists key ${k.id} with the private key of ${key.id}; restore it from your backup`);
    return key;
  });
  if (!keys.some((k) => k.id === data.active)) throw new KeyringError(`The seal key file ${file} names active key ${data.active}, which it does not hold`);
  return { keys, active: data.active };
}

export function keyFilePath(): string {
  return path.join(dataDir(), KEY_FILE);
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the key file atomically: a 0600 temp file, fsynced, then renamed over
 * the old one (or, with `createOnly`, hard-linked so that an existing file is
 * never replaced). A crash leaves the old file or the new one, never half.
 */
export function writeKeyFile(keys: SealKey[], activeId: string, opts: { createOnly?: boolean } = {}): void {
  const file = keyFilePath();
  const body = {
    version: 1,
    active: activeId,
    keys: keys.map((k) => ({ id: k.id, private_key: Buffer.from(k.privateKey).toString("base64"), created_at: k.createdAt })),
  };
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(body, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (opts.createOnly) {
      try {
        linkSync(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      unlinkSync(tmp);
    } else {
      renameSync(tmp, file);
    }
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already moved or gone
    }
    throw e;
  }
  fsyncDir(path.dirname(file));
}

type Cache = { env?: { raw: string; ring: Keyring }; file?: { path: string; stamp: string; ring: Keyring } };
const holder = globalThis as unknown as { __penaxtraKeyring?: Cache };
const cache = (): Cache => (holder.__penaxtraKeyring ??= {});

function ringOf(source: Keyring["source"], keys: SealKey[], activeId: string, file: string | null): Keyring {
  return { source, active: keys.find((k) => k.id === activeId)!, keys: new Map(keys.map((k) => [k.id, k])), file };
}

/**
 * The configured keyring, or null when there is neither PENAXTRA_SEAL_KEY nor
 * a key file. The file is re-read whenever it changes (inode, mtime or size),
 * so a rotation run by the CLI reaches a running server.
 */
export async function readKeyring(): Promise<Keyring | null> {
  await sodium.ready;
  const c = cache();
  const raw = config().PENAXTRA_SEAL_KEY;
  if (raw) {
    if (c.env?.raw !== raw) {
      const keys = parseEnvKeys(raw);
      c.env = { raw, ring: ringOf("env", keys, keys[0].id, null) };
    }
    return c.env.ring;
  }
  const file = keyFilePath();
  let stamp: string;
  try {
    const st = statSync(file);
    stamp = `${st.ino}:${st.mtimeMs}:${st.size}`;
    if ((st.mode & 0o077) !== 0 && c.file?.stamp !== stamp) {
      log.warn({ file }, "the seal key file is readable by group or others; restrict it with chmod 600");
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  if (c.file?.path !== file || c.file.stamp !== stamp) {
    const parsed = parseKeyFile(file, readFileSync(file, "utf8"));
    c.file = { path: file, stamp, ring: ringOf("file", parsed.keys, parsed.active, file) };
  }
  return c.file.ring;
}

/** Generates the first key into the data directory; a file another process made first wins. */
export async function createKeyFile(): Promise<Keyring> {
  const key = await generateKey();
  writeKeyFile([key], key.id, { createOnly: true });
  const ring = await readKeyring();
  if (!ring) throw new KeyringError(`Could not create the seal key file ${keyFilePath()}`);
  if (ring.active.id === key.id) log.warn({ file: ring.file, keyId: key.id }, "generated a new seal key pair; back up this file: without it the secrets cannot be opened");
  return ring;
}

export function describeSource(ring: Keyring | null): string {
  if (!ring) return "no PENAXTRA_SEAL_KEY and no key file";
  return ring.source === "env" ? "PENAXTRA_SEAL_KEY" : `key file ${ring.file}`;
}

/** Tests switch the environment and data directory between cases. */
export function resetKeyringForTests(): void {
  holder.__penaxtraKeyring = undefined;
}
