import { test, expect } from "@playwright/test";
import { FIRST_INSTANCE, SUPERADMIN, SUPERADMIN_STATE, instanceIdFrom, saveFacts } from "./fixtures";

test("first start: / leads to setup, which creates the superadmin and the first workspace", async ({ page, request }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up Penaxtra" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/setup.png", fullPage: true });

  // Bad input first: nothing is created, errors are shown per field.
  await page.getByRole("button", { name: "Create superadmin and workspace" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await page.getByLabel("Email").fill(SUPERADMIN.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create superadmin and workspace" }).click();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();

  await page.getByLabel("Your name").fill(SUPERADMIN.name);
  await page.getByLabel("Password").fill(SUPERADMIN.password);
  await page.getByLabel("First workspace").fill(FIRST_INSTANCE);
  await page.getByRole("button", { name: "Create superadmin and workspace" }).click();
  await expect(page).toHaveURL(/\/app\/ins_[A-Za-z0-9]+\/endpoints$/);
  await expect(page.getByRole("combobox", { name: "Workspace" })).toContainText(FIRST_INSTANCE);
  await page.screenshot({ path: "test-results/screens/console-shell.png", fullPage: true });

  saveFacts({ firstInstanceId: instanceIdFrom(page) });
  await page.context().storageState({ path: SUPERADMIN_STATE });

  // Setup is gone for good.
  expect((await request.get("/setup")).status()).toBe(404);
});
