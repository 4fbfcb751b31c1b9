import { appendFileSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Browser, type Locator, type Page, type Request, type Route } from "@playwright/test";

// Shared by every spec: the superadmin made by first-run setup, and UI helpers.

export const SUPERADMIN = { email: "root@penaxtra.test", password: "correct-horse-battery-staple", name: "Root Admin" };
export const FIRST_INSTANCE = "Acme Security";
export const DEFAULT_PASSWORD = "member-password-123";

const STATE_DIR = path.join("e2e", ".auth");
export const SUPERADMIN_STATE = path.join(STATE_DIR, "superadmin.json");
const FACTS = path.join(STATE_DIR, "facts.json");

export type Facts = { firstInstanceId: string };

export function saveFacts(facts: Facts): void {
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(FACTS, JSON.stringify(facts));
  writeFileSync(path.join(STATE_DIR, "cleartexts.txt"), ""); // a new run

}

export function facts(): Facts {
  return JSON.parse(readFileSync(FACTS, "utf8")) as Facts;
}

/** A name no other test uses. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/app\/ins_[A-Za-z0-9]+\/endpoints|\/app$/);
}

export function instanceIdFrom(page: Page): string {
  const m = /\/app\/(ins_[A-Za-z0-9]+)/.exec(page.url());
  if (!m) throw new Error(`No instance id in ${page.url()}`);
  return m[1];
}

/** Creates an instance through Admin → Instances (the page must be signed in as superadmin). */
export async function createInstance(page: Page, name: string): Promise<string> {
  await page.goto(`/app/${facts().firstInstanceId}/admin/instances`);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create instance" }).click();
  await expect(page.getByRole("status")).toContainText(`${name} was created`);
  const row = page.getByRole("row").filter({ hasText: name });
  return (await row.locator("td").nth(1).innerText()).trim();
}

/**
 * Creates an invitation through Settings → Members (the page must be signed in
 * as an admin of the instance) and answers the link the console shows once.
 */
export async function invite(page: Page, instanceId: string, email: string, role: string): Promise<string> {
  await page.goto(`/app/${instanceId}/settings/members`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Create invitation" }).click();
  const box = page.getByTestId("invite-link");
  await expect(box).toContainText(`Invitation for ${email} as ${role}`);
  const link = (await box.getByLabel("Invitation link").innerText()).trim();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9]+$/);
  recordCleartext(link.split("/").pop()!);
  return link;
}

/** Opens an invitation link signed out, chooses a password and lands in the workspace. */
export async function joinAsNewUser(page: Page, link: string, password = DEFAULT_PASSWORD, name?: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "You are invited" })).toBeVisible();
  if (name) await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Choose a password").fill(password);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(/\/app\/ins_[A-Za-z0-9]+\/endpoints$/);
}

/**
 * Adds a new user as a member: the admin on `page` invites them, and they join
 * through the link in a fresh context with `password`. Answers the new user's
 * signed-in page (close its context when done).
 */
export async function inviteAndJoin(page: Page, instanceId: string, email: string, role: string, password = DEFAULT_PASSWORD): Promise<Page> {
  const link = await invite(page, instanceId, email, role);
  const context = await newUserContext(page.context().browser()!);
  const joined = await context.newPage();
  await joinAsNewUser(joined, link, password);
  await expect(joined).toHaveURL(new RegExp(`/app/${instanceId}/endpoints$`));
  return joined;
}

/**
 * Adds a new user as a member (invite, then join with `password`); the new
 * user's context is closed and the admin's page shows Members with them listed.
 */
export async function addMember(page: Page, instanceId: string, email: string, role: string, password = DEFAULT_PASSWORD): Promise<void> {
  const joined = await inviteAndJoin(page, instanceId, email, role, password);
  await joined.context().close();
  await page.goto(`/app/${instanceId}/settings/members`);
  await expect(page.getByTestId(`member-${email}`)).toContainText(role);
}

/** A fresh, signed-out browser context (ignores the spec's storageState). */
export function newUserContext(browser: Browser) {
  return browser.newContext({ storageState: { cookies: [], origins: [] } });
}

/** The error banner of the page's form (Next's route announcer is an alert too). */
export function formAlert(page: Page): Locator {
  return page.locator("form [role=alert]");
}

/**
 * Remembers a cleartext (token, secret value) the run handled, so the final
 * leak scan can prove it is stored or logged nowhere.
 */
export function recordCleartext(value: string): void {
  mkdirSync(STATE_DIR, { recursive: true });
  appendFileSync(path.join(STATE_DIR, "cleartexts.txt"), `${value}\n`);
}

export function recordedCleartexts(): string[] {
  try {
    return readFileSync(path.join(STATE_DIR, "cleartexts.txt"), "utf8").split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Captures the server action a submit would send, without letting it reach
 * the server, so a test can replay it as someone else or from elsewhere.
 */
export async function captureAction(page: Page, submit: () => Promise<void>): Promise<Request> {
  // The capture happens inside the route handler, after the abort: waiting on the "request" event
  // and then unrouting raced the handler, and an unlucky run let the original action through.
  let captured!: (request: Request) => void;
  const action = new Promise<Request>((resolve) => (captured = resolve));
  const intercept = async (route: Route) => {
    const request = route.request();
    if (request.method() !== "POST" || !request.headers()["next-action"]) return route.continue();
    await route.abort();
    captured(request);
  };
  await page.route("**/*", intercept);
  await submit();
  const request = await action;
  await page.unroute("**/*", intercept);
  return request;
}

/** Sends a captured server action again with the caller's cookies and the given Origin. */
export function replayAction(request: APIRequestContext, action: Request, origin = new URL(action.url()).origin) {
  return request.post(action.url(), {
    headers: { "next-action": action.headers()["next-action"], "content-type": action.headers()["content-type"], accept: "text/x-component", origin },
    data: action.postData() ?? "",
  });
}
