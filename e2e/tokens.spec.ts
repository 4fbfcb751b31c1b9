import { test, expect, type Page } from "@playwright/test";
import { DEFAULT_PASSWORD, SUPERADMIN_STATE, addMember, createInstance, newUserContext, recordCleartext, signIn, unique } from "./fixtures";

test.use({ storageState: SUPERADMIN_STATE, permissions: ["clipboard-read", "clipboard-write"] });

async function mintInUi(page: Page, instanceId: string, name: string, scopes: string[], cidrs = ""): Promise<string> {
  await page.goto(`/app/${instanceId}/settings/tokens/new`);
  await page.getByLabel("Name").fill(name);
  for (const s of scopes) await page.getByLabel(s).check();
  if (cidrs) await page.getByLabel("IP allowlist (optional)").fill(cidrs);
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByLabel("New token");
  await expect(shown).toBeVisible();
  const token = (await shown.innerText()).trim();
  recordCleartext(token);
  return token;
}

test("mint → copy → use → rotate → verify in the audit log → revoke", async ({ page, request }) => {
  const instanceId = await createInstance(page, unique("Tokens"));
  await page.goto(`/app/${instanceId}/settings/tokens`);
  await expect(page.getByText("No API tokens yet")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/tokens-empty.png", fullPage: true });

  // Bad input: a malformed CIDR is a field error and nothing is created.
  await page.goto(`/app/${instanceId}/settings/tokens/new`);
  await page.getByLabel("Name").fill("broken");
  await page.getByLabel("audit:read").check();
  await page.getByLabel("IP allowlist (optional)").fill("10.0.0.0/33");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText('"10.0.0.0/33" is not an IPv4 or IPv6 address or CIDR range')).toBeVisible();
  await page.screenshot({ path: "test-results/screens/tokens-new.png", fullPage: true });

  const token = await mintInUi(page, instanceId, "ci-pipeline", ["audit:read", "endpoints:read"], "127.0.0.0/8, ::1/128");
  expect(token).toMatch(/^pnx_[0-9A-Za-z]{36}$/);
  await page.screenshot({ path: "test-results/screens/tokens-reveal.png", fullPage: true });
  await page.getByRole("button", { name: "Copy" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  const auth = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });
  const self = await request.get("/api/v2/tokens/self", auth(token));
  expect(self.status()).toBe(200);
  const selfBody = await self.json();
  expect(selfBody).toMatchObject({ name: "ci-pipeline", scopes: ["endpoints:read", "audit:read"], instance_id: instanceId });
  expect(self.headers()["ratelimit-policy"]).toBe('"per-token";q=600;w=60');
  const oldShort = selfBody.short_id as string;

  // After navigating away the cleartext is gone for good.
  await page.goto(`/app/${instanceId}/settings/tokens`);
  expect(await page.content()).not.toContain(token);
  const oldRow = page.getByTestId(`token-${oldShort}`);
  await expect(oldRow).toContainText("active");

  await oldRow.getByRole("button", { name: "Rotate" }).click();
  const fresh = (await page.getByLabel("New token").innerText()).trim();
  recordCleartext(fresh);
  await page.screenshot({ path: "test-results/screens/tokens-rotated.png", fullPage: true });
  expect(fresh).not.toBe(token);
  const freshShort = (await (await request.get("/api/v2/tokens/self", auth(fresh))).json()).short_id as string;
  expect((await request.get("/api/v2/tokens/self", auth(token))).status()).toBe(200);

  await page.reload();
  await expect(page.getByTestId(`token-${freshShort}`)).toContainText(`rotated from ${oldShort}`);
  await expect(page.getByTestId(`token-${oldShort}`)).toContainText(`rotated to ${freshShort}`);
  await page.screenshot({ path: "test-results/screens/tokens-list.png", fullPage: true });

  // Verify traffic on the new token in the audit log, through the console and the API.
  await page.getByTestId(`token-${freshShort}`).getByRole("link", { name: "Traffic" }).click();
  await expect(page).toHaveURL(new RegExp(`actor=${freshShort}`));
  await expect(page.getByRole("row").filter({ hasText: "GET /api/v2/tokens/self" }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/audit.png", fullPage: true });
  const audit = await request.get(`/api/v2/audit?token_short_id=${freshShort}`, auth(fresh));
  expect(audit.status()).toBe(200);
  const events = (await audit.json()).data as { path: string; outcome: string; token_short_id: string }[];
  expect(events.length).toBeGreaterThan(0);
  expect(events.every((e) => e.token_short_id === freshShort)).toBe(true);

  await page.goto(`/app/${instanceId}/settings/tokens`);
  await page.getByTestId(`token-${oldShort}`).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByTestId(`token-${oldShort}`)).toContainText("revoked");
  const revoked = await request.get("/api/v2/tokens/self", auth(token));
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).code).toBe("invalid_token");
  expect((await request.get("/api/v2/tokens/self", auth(fresh))).status()).toBe(200);
});

test("the seed's error table from a real HTTP client", async ({ page, request }) => {
  const instanceId = await createInstance(page, unique("Errors"));
  const narrow = await mintInUi(page, instanceId, "narrow", ["endpoints:read"]);
  const fenced = await mintInUi(page, instanceId, "fenced", ["audit:read"], "203.0.113.0/24");
  const cases: [Record<string, string>, string, number, string][] = [
    [{}, "/api/v2/audit", 401, "missing_token"],
    [{ authorization: "Bearer pnx_000000000000000000000000000000000000" }, "/api/v2/audit", 401, "invalid_token"],
    [{ authorization: `Bearer ${narrow}` }, "/api/v2/audit", 403, "missing_scope"],
    [{ authorization: `Bearer ${fenced}` }, "/api/v2/audit", 403, "ip_not_allowed"],
    [{ authorization: `Bearer ${fenced}`, "x-forwarded-for": "203.0.113.9" }, "/api/v2/audit", 403, "ip_not_allowed"],
    [{ authorization: `Bearer ${narrow}` }, `/api/v2/tokens/self?access_token=${narrow}`, 400, "token_in_query"],
    [{ authorization: `Bearer ${narrow}` }, "/api/v2/scans", 404, "not_found"],
  ];
  for (const [headers, path, status, code] of cases) {
    const res = await request.get(path, { headers });
    expect(res.status(), `${path} ${JSON.stringify(headers).slice(0, 40)}`).toBe(status);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    expect((await res.json()).code).toBe(code);
  }
});

test("a member cannot grant scopes above their role", async ({ page, browser }) => {
  const instanceId = await createInstance(page, unique("Scoped"));
  const member = `${unique("member")}@penaxtra.test`;
  await addMember(page, instanceId, member, "member");
  const ctx = await newUserContext(browser);
  const mp = await ctx.newPage();
  await signIn(mp, member, DEFAULT_PASSWORD);
  await mp.goto(`/app/${instanceId}/settings/tokens/new`);
  await expect(mp.getByLabel("audit:read")).toBeDisabled();
  await expect(mp.getByLabel("webhooks:write")).toBeDisabled();
  await expect(mp.getByLabel("endpoints:write")).toBeEnabled();
  expect((await mp.goto(`/app/${instanceId}/settings/audit`))?.status()).toBe(404);
  await ctx.close();
});
