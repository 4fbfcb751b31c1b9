import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canary, isolatePostgres } from "@/test/secrets";
import { closeDatabase, db, openDatabase, setDatabase, type DatabaseTarget } from "@/lib/db/client";
import { resetConfigForTests } from "@/lib/config";
import { resetKeyringForTests } from "./keyring";
import { resolveSecretRef } from "./resolve";

// The operator CLI as an operator runs it, in a child process: values come
// from stdin only, never argv, and never come back out on stdout or stderr.
// Runs against the embedded database and, with TEST_DATABASE_URL, PostgreSQL.

await isolatePostgres("secrets_cli");

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

type Run = { status: number | null; stdout: string; stderr: string; json: Record<string, unknown> | null };

function runner(dataDir: string, databaseUrl: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env, PENAXTRA_DATA_DIR: dataDir, PENAXTRA_LOG_LEVEL: "silent", NODE_ENV: "production" };
  delete env.PENAXTRA_SEAL_KEY;
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const outputs: string[] = [];
  const cli = (args: string[], stdin = ""): Run => {
    const r = spawnSync(TSX, ["--conditions=react-server", "cli/index.ts", ...args], { cwd: ROOT, env, input: stdin, encoding: "utf8", timeout: 60_000 });
    outputs.push(r.stdout, r.stderr);
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = null;
    }
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
  };
  return { cli, outputs };
}

/** Opens the database the CLI used, in this process, for one check. */
async function inspect<T>(target: DatabaseTarget, dataDir: string, fn: () => Promise<T>): Promise<T> {
  process.env.PENAXTRA_DATA_DIR = dataDir;
  delete process.env.PENAXTRA_SEAL_KEY;
  resetConfigForTests();
  resetKeyringForTests();
  setDatabase(openDatabase(target));
  try {
    return await fn();
  } finally {
    await closeDatabase();
  }
}

const backends: { label: string; url?: string }[] = [{ label: "pglite" }];
if (process.env.TEST_DATABASE_URL) backends.push({ label: "postgres", url: process.env.TEST_DATABASE_URL });

describe.each(backends)("secret CLI [$label]", ({ label, url }) => {
  it("sets, replaces, rotates and deletes a secret without the value touching argv or output", { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `penaxtra-cli-${label}-`));
    const target: DatabaseTarget = url ? { url } : { pgliteDir: path.join(dataDir, "pglite") };
    const { cli, outputs } = runner(dataDir, url);
    const [v1, v2, inArgv] = [canary("first"), canary("second"), canary("argv")];

    const instance = cli(["instance:create", "--name", "CLI secrets", "--json"]);
    expect(instance.status).toBe(0);
    const instanceId = String(instance.json?.id);

    const created = cli(["secret:set", "--instance", instanceId, "--name", "cli_key", "--json"], `${v1}\n`);
    expect(created.status).toBe(0);
    expect(created.json).toMatchObject({ instance_id: instanceId, name: "cli_key", ref: "secret:cli_key", created: true, hint: expect.stringMatching(/^pnx-can\.\.\./) });
    const replaced = cli(["secret:set", "--instance", instanceId, "--name", "cli_key"], v2);
    expect(replaced.status).toBe(0);
    expect(replaced.stdout).toMatch(/^Replaced the value of secret:cli_key in ins_\w+ \(pnx-can\.\.\..{4}, sealed with key [0-9a-f]{8}\)/);

    // Bad input: a value on the command line, an invalid name, an empty value, an unknown instance.
    const argv = cli(["secret:set", "--instance", instanceId, "--name", "argv_key", "--value", inArgv]);
    expect(argv.status).toBe(1);
    expect(argv.stderr).toContain("Unknown option '--value'");
    const badName = cli(["secret:set", "--instance", instanceId, "--name", "Bad Name", "--json"], canary());
    expect(badName.json).toMatchObject({ error: "validation_failed", detail: expect.stringContaining("Use lowercase letters, digits, _ and - only") });
    const empty = cli(["secret:set", "--instance", instanceId, "--name", "empty_key", "--json"], "\n");
    expect(empty.json).toMatchObject({ error: "validation_failed" });
    expect(String(empty.json?.detail)).toContain("Enter a value");
    const nowhere = cli(["secret:set", "--instance", "ins_nowhere", "--name", "x", "--json"], canary());
    expect(nowhere.json).toMatchObject({ error: "not_found" });

    const rotated = cli(["keys:rotate", "--json"]);
    expect(rotated.status).toBe(0);
    expect(rotated.json).toMatchObject({ mode: "file", generated: true, resealed: 1, refused: [] });

    await inspect(target, dataDir, async () => {
      expect(await resolveSecretRef(instanceId, "secret:cli_key")).toBe(v2);
      expect(await db().secret.count({ where: { instanceId, name: { in: ["argv_key", "empty_key"] } } })).toBe(0);
      expect(await db().secret.count({ where: { keyId: { not: String(rotated.json?.active_key_id) } } })).toBe(0);
    });

    const deleted = cli(["secret:delete", "--instance", instanceId, "--name", "cli_key"]);
    expect(deleted.status).toBe(0);
    expect(deleted.stdout).toContain(`Deleted secret:cli_key from ${instanceId}`);
    expect(cli(["secret:delete", "--instance", instanceId, "--name", "cli_key", "--json"]).json).toMatchObject({ error: "not_found" });

    await inspect(target, dataDir, async () => {
      const audit = await db().auditEvent.findMany({ where: { actorType: "cli", actorLabel: "cli", action: { startsWith: "secret." } } });
      const mine = audit.filter((e) => e.instanceId === instanceId);
      expect(mine.map((e) => [e.action, e.target])).toEqual(
        expect.arrayContaining([
          ["secret.create", "cli_key"],
          ["secret.replace", "cli_key"],
          ["secret.reseal", `key ${rotated.json?.active_key_id}: cli_key`],
          ["secret.delete", "cli_key"],
        ]),
      );
      const rotation = await db().auditEvent.findMany({ where: { action: "keys.rotate", instanceId: null } });
      expect(rotation.map((e) => e.target)).toContain(`active key ${rotated.json?.active_key_id}; 1 secret(s) re-sealed; removed keys ${created.json?.key_id}`);
      const everything = JSON.stringify([audit, rotation]);
      for (const value of [v1, v2, inArgv]) expect(everything).not.toContain(value);
    });

    for (const value of [v1, v2, inArgv]) expect(outputs.join("\n")).not.toContain(value);
    rmSync(dataDir, { recursive: true, force: true });
  });
});

describe("keys:generate", () => {
  it("prints a PENAXTRA_SEAL_KEY entry without opening the database (works while the server holds it)", { timeout: 60_000 }, () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "penaxtra-cli-gen-"));
    writeFileSync(path.join(dataDir, "pglite.lock"), String(process.pid)); // a live process holds the embedded database
    const { cli } = runner(dataDir, undefined);
    const locked = cli(["secret:delete", "--instance", "ins_x", "--name", "x", "--json"]);
    expect(locked.json).toMatchObject({ error: "database_locked" });
    const generated = cli(["keys:generate", "--json"]);
    expect(generated.status).toBe(0);
    expect(String(generated.json?.entry)).toMatch(/^[0-9a-f]{8}:[A-Za-z0-9+/]{43}=$/);
    expect(String(generated.json?.entry).slice(0, 8)).toBe(generated.json?.key_id);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
