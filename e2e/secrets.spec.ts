import { randomBytes } from "node:crypto";
import { test, expect, type Page } from "@playwright/test";
import { DEFAULT_PASSWORD, SUPERADMIN_STATE, addMember, createInstance, newUserContext, recordCleartext, signIn, unique } from "./fixtures";

test.use({ storageState: SUPERADMIN_STATE });

const NAME = "upstream_llm_key";

function secretValue(): string {
  const value = `sk-ant-api03-${randomBytes(24).toString("base64url")}`;
  recordCleartext(value);
  return value;
}

/** The page as served (HTML and RSC payload) and as rendered hold no value. */
async function expectNoValue(page: Page, ...values: string[]) {
  const served = await (await page.request.get(page.url())).text();
  const rendered = await page.content();
  for (const v of values) {
    expect(served).not.toContain(v);
    expect(rendered).not.toContain(v);
  }
}

test("create → use → replace → viewer sees the list only → delete", async ({ page, browser }) => {
  const instanceId = await createInstance(page, unique("Secrets"));
  const secretsUrl = `/app/${instanceId}/settings/secrets`;
  await page.goto(secretsUrl);
  await expect(page.getByRole("heading", { name: "Secrets", exact: true })).toBeVisible();
  await expect(page.getByText("No secrets yet")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/secrets-empty.png", fullPage: true });

  // Bad input: an invalid name and an empty value are field errors; nothing is created.
  await page.getByLabel("Name").fill("Upstream Key!");
  await page.getByRole("button", { name: "Add secret" }).click();
  await expect(page.getByText("Use lowercase letters, digits, _ and - only")).toBeVisible();
  await expect(page.getByText("Enter a value")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/secrets-invalid.png", fullPage: true });

  const first = secretValue();
  await page.getByLabel("Name").fill(NAME);
  await page.getByLabel("Value", { exact: true }).fill(first);
  await page.getByRole("button", { name: "Add secret" }).click();
  await expect(page.getByRole("status")).toContainText(`secret:${NAME} was created (sk-ant-...${first.slice(-4)})`);
  const row = page.getByTestId(`secret-${NAME}`);
  await expect(row).toContainText(`secret:${NAME}`);
  await expect(row).toContainText(`sk-ant-...${first.slice(-4)}`);
  await expect(row).toContainText("Not used");
  await expect(row).toContainText("by root@penaxtra.test");
  await expectNoValue(page, first);

  // The same name again is refused on the name field, by the server.
  await page.getByLabel("Name").fill(NAME);
  await page.getByLabel("Value", { exact: true }).fill(secretValue());
  await page.getByRole("button", { name: "Add secret" }).click();
  await expect(page.getByText("This name is taken in this workspace")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: `A secret named ${NAME} already exists` })).toBeVisible();
  await page.reload();

  // Use: the server opens the sealed value with its key and confirms it belongs to this secret.
  await row.getByRole("button", { name: "Check" }).click();
  await expect(row.getByRole("status")).toHaveText(/^Opens with key [0-9a-f]{8}$/);

  // Replace: the old value is not shown; the new hint replaces the old one.
  const second = secretValue();
  await row.getByRole("button", { name: "Replace" }).click();
  const dialog = page.getByRole("dialog", { name: `Replace the value of ${NAME}` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Replace value" }).click();
  await expect(dialog.getByText("Enter a value")).toBeVisible();
  await dialog.getByLabel("New value").fill(second);
  await page.screenshot({ path: "test-results/screens/secrets-replace.png", fullPage: true });
  await dialog.getByRole("button", { name: "Replace value" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText(`sk-ant-...${second.slice(-4)}`);
  await row.getByRole("button", { name: "Check" }).click();
  await expect(row.getByRole("status")).toHaveText(/^Opens with key [0-9a-f]{8}$/);
  await expectNoValue(page, first, second);
  await page.screenshot({ path: "test-results/screens/secrets.png", fullPage: true });

  // A viewer sees the list and nothing to change it with; a member may add but not replace or delete.
  const viewerEmail = `${unique("viewer")}@example.test`;
  const memberEmail = `${unique("member")}@example.test`;
  await addMember(page, instanceId, viewerEmail, "viewer");
  await addMember(page, instanceId, memberEmail, "member");
  for (const [email, role] of [[viewerEmail, "viewer"], [memberEmail, "member"]] as const) {
    const context = await newUserContext(browser);
    const other = await context.newPage();
    await signIn(other, email, DEFAULT_PASSWORD);
    await other.goto(secretsUrl);
    const theirRow = other.getByTestId(`secret-${NAME}`);
    await expect(theirRow).toContainText(`sk-ant-...${second.slice(-4)}`);
    await expect(theirRow.getByRole("button")).toHaveCount(0);
    if (role === "viewer") {
      await expect(other.getByRole("heading", { name: "Add a secret" })).toHaveCount(0);
      await expect(other.getByText("You have read-only access")).toBeVisible();
      await other.screenshot({ path: "test-results/screens/secrets-viewer.png", fullPage: true });
    } else {
      await expect(other.getByRole("heading", { name: "Add a secret" })).toBeVisible();
    }
    await expectNoValue(other, first, second);
    await context.close();
  }

  // Delete, behind a confirmation; the list is empty again.
  await page.goto(secretsUrl);
  await row.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog").filter({ hasText: `Delete secret:${NAME}?` });
  await expect(confirm).toContainText("Nothing refers to it.");
  await confirm.getByRole("button", { name: "Delete secret" }).click();
  await expect(page.getByTestId(`secret-${NAME}`)).toHaveCount(0);
  await expect(page.getByText("No secrets yet")).toBeVisible();
});
