import { test, expect } from "@playwright/test";
import { SUPERADMIN, facts, formAlert, signIn, unique } from "./fixtures";

test.describe("sign-in", () => {
  test("signs in, shows the console shell, signs out", async ({ page, context }) => {
    await signIn(page, SUPERADMIN.email, SUPERADMIN.password);
    await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
    for (const item of ["Endpoints", "API tokens", "Secrets", "Audit log", "Members", "Instances", "LLM configuration", "API standards"]) {
      await expect(page.getByRole("link", { name: item, exact: true })).toBeVisible();
    }
    const cookie = (await context.cookies()).find((c) => c.name.includes("next-auth.session-token"));
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");

    const headers = (await page.request.get(page.url())).headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto(`/app/${facts().firstInstanceId}/endpoints`);
    await expect(page).toHaveURL(/\/signin/);
  });

  test("a wrong password gets the same generic message as an unknown email", async ({ page }) => {
    await page.goto("/signin");
    await page.screenshot({ path: "test-results/screens/signin.png", fullPage: true });
    await page.getByLabel("Email").fill(SUPERADMIN.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("Invalid email or password");

    await page.getByLabel("Email").fill(`${unique("nobody")}@penaxtra.test`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("Invalid email or password");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("repeated failures for one account are throttled, even with the right password", async ({ page }) => {
    const email = `${unique("target")}@penaxtra.test`;
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    for (let i = 0; i < 10; i++) {
      await page.getByLabel("Password").fill(`guess-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(formAlert(page)).toHaveText("Invalid email or password");
    }
    await page.getByLabel("Password").fill("guess-11");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toContainText("Too many failed attempts");
  });

  test("/setup is gone after setup, for signed-out and signed-in users", async ({ page, request }) => {
    expect((await request.get("/setup")).status()).toBe(404);
    await signIn(page, SUPERADMIN.email, SUPERADMIN.password);
    const res = await page.goto("/setup");
    expect(res?.status()).toBe(404);
    await expect(page.getByText("Page not found")).toBeVisible();
  });
});

test.describe("routing", () => {
  test("an unknown API route answers problem+json 404", async ({ request }) => {
    const res = await request.get("/api/v2/does-not-exist");
    expect(res.status()).toBe(404);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    const body = await res.json();
    expect(body).toMatchObject({ status: 404, code: "not_found", title: "Not Found" });
    expect(body.request_id).toMatch(/^req_/);
  });

  test("an unknown console route answers a 404 page", async ({ page }) => {
    await page.goto("/app/ins_doesnotexist/endpoints");
    await expect(page).toHaveURL(/\/signin$/);
    await signIn(page, SUPERADMIN.email, SUPERADMIN.password);
    const after = await page.goto("/no/such/page");
    expect(after?.status()).toBe(404);
    await expect(page.getByText("Page not found")).toBeVisible();
    expect((await page.goto("/app/ins_doesnotexist/endpoints"))?.status()).toBe(404);
    await expect(page.getByText("Page not found")).toBeVisible();
  });

  test("x-middleware-subrequest gets nothing extra", async ({ request }) => {
    const forged = { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" };
    const page = await request.get(`/app/${facts().firstInstanceId}/settings/members`, { headers: forged, maxRedirects: 0 });
    expect(page.status()).toBe(307);
    expect(page.headers()["location"]).toContain("/signin");
    const api = await request.get("/api/v2/tokens/self", { headers: forged });
    expect(api.status()).toBe(401);
    expect((await api.json()).code).toBe("missing_token");
  });

  test("health answers without auth", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });
});
