import { test, expect, type Page } from "@playwright/test";
import { DEFAULT_PASSWORD, SUPERADMIN_STATE, addMember, createInstance, newUserContext, signIn, unique } from "./fixtures";

// Your account → Handle (seed 002's {owner}): a new member's handle comes
// from their e-mail, they change it, a malformed one is refused in the
// browser and a taken one (the superadmin's "root") at the field by the server.

test.use({ storageState: SUPERADMIN_STATE, viewport: { width: 1280, height: 800 } });

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `/tmp/shots-e2e/${name}.png`, fullPage: true });
}

test("a member sees the handle their e-mail gave them, changes it, and cannot take a malformed or a taken one", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const instanceId = await createInstance(page, unique("Handles"));
  const local = unique("handle-user");
  const email = `${local}@example.test`;
  await addMember(page, instanceId, email, "member");

  const context = await newUserContext(browser);
  const member = await context.newPage();
  await member.setViewportSize({ width: 1280, height: 800 });
  await signIn(member, email, DEFAULT_PASSWORD);
  await member.goto(`/app/${instanceId}/account`);
  const field = member.getByLabel("Handle", { exact: true });
  const save = member.getByRole("button", { name: "Save handle" });
  await expect(field).toHaveValue(local);
  await expect(save).toBeDisabled();
  await shot(member, "account-handle");

  // Malformed: refused in the browser, nothing sent.
  await field.fill("Not A Handle");
  await save.click();
  await expect(member.locator("#account-handle-error")).toHaveText("Use lowercase letters, digits, - and _");
  await shot(member, "account-handle-malformed");

  // Taken: the superadmin's handle, refused at the field by the server.
  await field.fill("root");
  await save.click();
  await expect(member.locator("#account-handle-error")).toHaveText("This handle is taken; choose another");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await shot(member, "account-handle-taken");

  // A free one is saved and kept.
  const next = `${local}_llm`;
  await field.fill(next);
  await save.click();
  await expect(member.getByRole("status").filter({ hasText: `Your handle is now ${next}.` })).toBeVisible();
  await expect(member.locator("#account-handle-error")).toHaveCount(0);
  await expect(save).toBeDisabled();
  await shot(member, "account-handle-saved");
  await member.reload();
  await expect(field).toHaveValue(next);
  await context.close();

  // Taken the other way: the superadmin cannot take the member's new handle.
  await page.goto(`/app/${instanceId}/account`);
  await expect(page.getByLabel("Handle", { exact: true })).toHaveValue("root");
  await page.getByLabel("Handle", { exact: true }).fill(next);
  await page.getByRole("button", { name: "Save handle" }).click();
  await expect(page.locator("#account-handle-error")).toHaveText("This handle is taken; choose another");
  await page.reload();
  await expect(page.getByLabel("Handle", { exact: true })).toHaveValue("root");
});
