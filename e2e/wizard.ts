import { expect, type Page } from "@playwright/test";

// The endpoint wizard, as specs drive it.

export const nextStep = (page: Page, to: "connection" | "review") => page.getByRole("button", { name: `Next: ${to} →` }).click();

/** Steps 1 and 2 of a fresh wizard (no draft kept) with no authentication; leaves it on the review step. */
export async function fillWizard(page: Page, instanceId: string, name: string, url: string): Promise<void> {
  await page.goto(`/app/${instanceId}/endpoints/new`);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await nextStep(page, "connection");
  await page.getByLabel("URL", { exact: true }).fill(url);
  await page.getByLabel("Model", { exact: true }).fill("model-small");
  await page.getByLabel("No authentication").check();
  await nextStep(page, "review");
  await expect(page.getByRole("button", { name: "Create endpoint" })).toBeVisible();
}
