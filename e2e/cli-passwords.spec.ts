import { spawn, type ChildProcess } from "node:child_process";
import { test, expect, type Page } from "@playwright/test";
import { formAlert, newUserContext } from "./fixtures";
import { CLI_ARGS, cli, cliOk, createTestDatabase, startServer, stopServers, waitHealthy } from "./processes";


// admin:create and member:add read a new account's password from stdin, never
// from argv (visible in `ps` and shell history), on a PostgreSQL database of
// their own; a server on it then proves which passwords were set.

const PORT = 3241;
const ADMIN = { email: "cli-admin@penaxtra.test", password: "admin-password-1234" };
const MEMBER = { email: "cli-member@penaxtra.test", password: "member-password-1234" };

/** Runs a CLI command whose stdin stays open and unwritten: it must finish without reading it. */
function runWithOpenStdin(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const proc: ChildProcess = spawn(process.execPath, [...CLI_ARGS, ...args, "--json"], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    proc.stdout!.on("data", (d) => (stdout += d));
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`${args[0]} waited for stdin: ${stdout}`));
    }, 60_000);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

async function signInAt(page: Page, email: string, password: string) {
  await page.goto(`http://127.0.0.1:${PORT}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("admin:create and member:add take a new account's password from stdin only", async ({ browser }) => {
  test.setTimeout(240_000);
  const database = createTestDatabase("penaxtra_cli_passwords");
  const url = database.url;
  const servers: ChildProcess[] = [];
  try {
    // A password flag is not an option at all; a short or empty stdin is refused; nothing is created.
    const flag = cli(["admin:create", "--email", ADMIN.email, "--password", ADMIN.password], url, `${ADMIN.password}\n`);
    expect(flag.status).toBe(1);
    // Asked for JSON, even a wrong flag is answered in JSON.
    expect(flag.json).toMatchObject({ error: "bad_arguments" });
    expect(flag.json.detail).toContain("Unknown option '--password'");
    const short = cli(["admin:create", "--email", ADMIN.email], url, "short\n");
    expect(short.status).toBe(1);
    expect(short.json).toMatchObject({ error: "validation_failed" });
    expect(short.json.detail).toContain("at least 12 characters");
    const empty = cli(["admin:create", "--email", ADMIN.email], url, "");
    expect(empty.status).toBe(1);
    expect(empty.json.error).toBe("validation_failed");

    // The refusals created no account: this one is the first.
    const admin = cli(["admin:create", "--email", ADMIN.email], url, `${ADMIN.password}\n`);
    expect(admin.status).toBe(0);
    expect(admin.json.email).toBe(ADMIN.email);
    expect(JSON.stringify(admin.json) + admin.stderr).not.toContain(ADMIN.password);
    expect(cli(["admin:create", "--email", ADMIN.email], url, `${ADMIN.password}\n`).json.error).toBe("already_exists");

    const first = cliOk(["instance:create", "--name", "CLI First"], url);
    const second = cliOk(["instance:create", "--name", "CLI Second"], url);

    // A new member's password: stdin only, 12 characters at least.
    const memberFlag = cli(["member:add", "--instance", first.id, "--email", MEMBER.email, "--role", "member", "--password", MEMBER.password], url, `${MEMBER.password}\n`);
    expect(memberFlag.status).toBe(1);
    expect(memberFlag.json).toMatchObject({ error: "bad_arguments" });
    expect(memberFlag.json.detail).toContain("Unknown option '--password'");
    const memberShort = cli(["member:add", "--instance", first.id, "--email", MEMBER.email, "--role", "member"], url, "too-short\n");
    expect(memberShort.status).toBe(1);
    expect(memberShort.json.error).toBe("validation_failed");
    const member = cli(["member:add", "--instance", first.id, "--email", MEMBER.email, "--role", "member"], url, `${MEMBER.password}\n`);
    expect(member.status).toBe(0);
    expect(member.json).toMatchObject({ email: MEMBER.email, instance_id: first.id, role: "member" });
    expect(JSON.stringify(member.json) + member.stderr).not.toContain(MEMBER.password);

    // An existing account needs no stdin (it stays open and unread), and a password given anyway changes nothing.
    const existing = await runWithOpenStdin(["member:add", "--instance", second.id, "--email", MEMBER.email, "--role", "viewer"], url);
    expect(existing.code).toBe(0);
    expect(JSON.parse(existing.stdout.trim().split("\n").pop()!)).toMatchObject({ email: MEMBER.email, instance_id: second.id, role: "viewer" });
    expect(cliOk(["member:add", "--instance", second.id, "--email", ADMIN.email, "--role", "admin"], url, "ignored-password-999\n")).toMatchObject({ role: "admin" });

    // The server on that database: the stdin passwords (without the newline) sign in, nothing else does.
    servers.push(startServer(PORT, { DATABASE_URL: url }));
    await waitHealthy(PORT);
    const ctx = await newUserContext(browser);
    const page = await ctx.newPage();
    await signInAt(page, MEMBER.email, MEMBER.password);
    await expect(page).toHaveURL(/\/app\/ins_[A-Za-z0-9]+\/endpoints$/);
    await expect
      .poll(() => page.getByRole("combobox", { name: "Workspace" }).locator("option").allTextContents())
      .toEqual(expect.arrayContaining(["CLI First (member)", "CLI Second (viewer)"]));
    await ctx.clearCookies();
    await signInAt(page, ADMIN.email, "ignored-password-999");
    await expect(formAlert(page)).toHaveText("Invalid email or password");
    await signInAt(page, ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(/\/app\/ins_[A-Za-z0-9]+\/endpoints$/);
    await ctx.close();
  } finally {
    await stopServers(servers);
    database.drop();
  }
});
