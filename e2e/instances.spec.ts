import { test, expect } from "@playwright/test";
import { DEFAULT_PASSWORD, SUPERADMIN_STATE, addMember, captureAction, createInstance, facts, newUserContext, replayAction, signIn, unique } from "./fixtures";

test.use({ storageState: SUPERADMIN_STATE });

test("superadmin creates and renames an instance and switches to it", async ({ page }) => {
  const name = unique("Workspace");
  const id = await createInstance(page, name);
  expect(id).toMatch(/^ins_/);
  await page.screenshot({ path: "test-results/screens/admin-instances.png", fullPage: true });

  const row = page.getByRole("row").filter({ hasText: id });
  await row.getByRole("button", { name: "Rename" }).click();
  await row.getByLabel(`New name for ${name}`).fill(`${name} renamed`);
  await row.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("row").filter({ hasText: id })).toContainText(`${name} renamed`);

  await page.goto(`/app/${facts().firstInstanceId}/settings/members`);
  await page.getByRole("combobox", { name: "Workspace" }).selectOption(id);
  await expect(page).toHaveURL(new RegExp(`/app/${id}/settings/members$`));
  await expect(page.getByRole("combobox", { name: "Workspace" })).toHaveValue(id);
});

test("a member added with a role sees only their instance; a viewer cannot reach admin pages", async ({ page, browser }) => {
  const instanceId = await createInstance(page, unique("Tenant"));
  const member = `${unique("member")}@penaxtra.test`;
  const viewer = `${unique("viewer")}@penaxtra.test`;
  await addMember(page, instanceId, member, "member");
  await addMember(page, instanceId, viewer, "viewer");
  await page.screenshot({ path: "test-results/screens/members.png", fullPage: true });

  const memberCtx = await newUserContext(browser);
  const mp = await memberCtx.newPage();
  await signIn(mp, member, DEFAULT_PASSWORD);
  await expect(mp).toHaveURL(new RegExp(`/app/${instanceId}/endpoints$`));
  await expect(mp.getByRole("combobox", { name: "Workspace" }).locator("option")).toHaveCount(1);
  expect((await mp.goto(`/app/${facts().firstInstanceId}/endpoints`))?.status()).toBe(404);
  await expect(mp.getByRole("link", { name: "Instances" })).toHaveCount(0);
  await memberCtx.close();

  const viewerCtx = await newUserContext(browser);
  const vp = await viewerCtx.newPage();
  await signIn(vp, viewer, DEFAULT_PASSWORD);
  for (const admin of ["instances", "llm-config", "api-standards"]) {
    expect((await vp.goto(`/app/${instanceId}/admin/${admin}`))?.status()).toBe(404);
  }
  await vp.goto(`/app/${instanceId}/settings/members`);
  await expect(vp.getByTestId(`member-${viewer}`)).toBeVisible();
  await expect(vp.getByRole("button", { name: "Create invitation" })).toHaveCount(0);
  await viewerCtx.close();
});

test("a server action from a cross-site Origin is refused and nothing changes", async ({ page }) => {
  await page.goto(`/app/${facts().firstInstanceId}/admin/instances`);
  const name = unique("CrossSite");
  await page.getByLabel("Name").fill(name);
  const action = await captureAction(page, () => page.getByRole("button", { name: "Create instance" }).click());

  const replay = await replayAction(page.request, action, "https://evil.example");
  expect(replay.status()).toBeGreaterThanOrEqual(400);
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
});

test("an admin changes a member's role and removes them", async ({ page }) => {
  const instanceId = await createInstance(page, unique("Roles"));
  const member = `${unique("member")}@penaxtra.test`;
  await addMember(page, instanceId, member, "member");
  const row = page.getByTestId(`member-${member}`);
  await row.getByLabel(`Role of ${member}`).selectOption("viewer");
  await expect(row.getByText("viewer", { exact: true }).first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId(`member-${member}`).getByLabel(`Role of ${member}`)).toHaveValue("viewer");

  await page.getByTestId(`member-${member}`).getByRole("button", { name: "Remove" }).click();
  await page.getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByTestId(`member-${member}`)).toHaveCount(0);
});
