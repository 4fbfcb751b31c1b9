import { randomBytes } from "node:crypto";
import { test, expect, type Page } from "@playwright/test";
import { FAKE_ANSWER, FAKE_MODELS, FAKE_PROVIDER_KEY, startFakeProviders } from "../test/fake-providers";
import { DEFAULT_PASSWORD, SUPERADMIN_STATE, addMember, createInstance, newUserContext, recordCleartext, signIn, unique } from "./fixtures";
import { fillWizard } from "./wizard";

// Admin → LLM configuration (seed 001 in the console) and the one AI feature
// on it, "Suggest description". The providers are loopback fakes (the server
// admits 127.0.0.1). The control plane's configuration is shared by every
// workspace, so the spec removes it again before it ends.

test.use({ storageState: SUPERADMIN_STATE, viewport: { width: 1280, height: 800 } });

let fake: Awaited<ReturnType<typeof startFakeProviders>>;
test.beforeAll(async () => {
  fake = await startFakeProviders();
  recordCleartext(FAKE_PROVIDER_KEY);
});
test.afterAll(async () => fake?.close());

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `/tmp/shots-c/${name}.png`, fullPage: true });
}

const effective = (page: Page) => page.getByTestId("effective-config");
const details = (page: Page) => page.getByTestId("llm-config-details");
const result = (page: Page) => page.getByTestId("connection-result");

/** The page as served (HTML and RSC payload) and as rendered holds none of the keys. */
async function expectNoKey(page: Page, ...keys: string[]) {
  const served = await (await page.request.get(page.url())).text();
  const rendered = await page.content();
  for (const k of keys) {
    expect(served).not.toContain(k);
    expect(rendered).not.toContain(k);
  }
}

async function fillConfig(page: Page, c: { provider: string; model: string; key: string; baseUrl: string }) {
  await page.getByLabel("Provider").selectOption(c.provider);
  await page.getByLabel("Model").fill(c.model);
  await page.getByLabel(/^API key/).fill(c.key);
  await page.getByLabel(/^Base URL/).fill(c.baseUrl);
}

async function testConnection(page: Page) {
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(result(page)).toBeVisible();
}

test("a superadmin configures the control plane and a workspace, tests, edits, switches workspace and deletes; Suggest description follows", async ({ page }) => {
  const a = unique("LLM A");
  const idA = await createInstance(page, a);
  const b = unique("LLM B");
  const idB = await createInstance(page, b);
  const pageOf = (id: string) => `/app/${id}/admin/llm-config`;

  // Nothing configured anywhere: AI features are off; the empty state and the create form.
  await page.goto(pageOf(idA));
  await expect(page.getByRole("heading", { name: "LLM configuration" })).toBeVisible();
  await expect(effective(page)).toContainText(`AI features in ${a} are off`);
  await expect(page.getByText(`No configuration for ${a}`)).toBeVisible();
  await expect(page.getByRole("link", { name: `This workspace (${a})` })).toHaveAttribute("aria-current", "page");
  await shot(page, "01-workspace-empty");

  // The endpoint page: Suggest description is disabled, with the hint.
  await fillWizard(page, idA, "Support bot", `https://${unique("llm")}.example.test/v1/chat/completions`);
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page).toHaveURL(/\/endpoints\/ep_[A-Za-z0-9]{20}\?created=1$/);
  const endpointPage = page.url().replace(/\?.*$/, "");
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("button", { name: "Suggest description" })).toBeDisabled();
  await expect(page.getByText("AI features are off: a superadmin can set an LLM configuration in Admin → LLM configuration")).toBeVisible();
  await shot(page, "02-suggest-disabled");

  // Control plane: bad input first (the schema's rules at the fields), then a key the provider refuses.
  await page.goto(pageOf(idA));
  await page.getByRole("link", { name: "Control plane" }).click();
  await expect(page).toHaveURL(new RegExp(`${pageOf(idA)}\\?scope=control-plane$`));
  await expect(page.getByText("No control-plane configuration")).toBeVisible();
  await page.getByLabel("Provider").selectOption("openai_compatible");
  await expect(page.getByLabel("Base URL", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Create configuration" }).click();
  await expect(page.getByText("Enter the model identifier")).toBeVisible();
  await page.getByLabel("Model").fill("some-model");
  await page.getByRole("button", { name: "Create configuration" }).click();
  await expect(page.getByText("OpenAI-compatible needs base_url")).toBeVisible();
  await expect(page.getByText("OpenAI-compatible needs api_key")).toBeVisible();
  await shot(page, "03-control-plane-invalid");

  const wrongKey = `sk-ant-api03-${randomBytes(24).toString("base64url")}`;
  recordCleartext(wrongKey);
  await fillConfig(page, { provider: "anthropic", model: FAKE_MODELS.anthropic, key: wrongKey, baseUrl: fake.baseUrl("anthropic") });
  await page.getByRole("button", { name: "Create configuration" }).click();
  await expect(details(page)).toContainText("Anthropic");
  await expect(details(page)).toContainText(`sk-ant-...${wrongKey.slice(-4)}`);
  await expect(effective(page)).toContainText(`use the control plane's configuration: Anthropic · ${FAKE_MODELS.anthropic}`);
  await expectNoKey(page, wrongKey);
  await testConnection(page);
  await expect(result(page)).toContainText("Failed");
  await expect(result(page)).toContainText("invalid_api_key");
  await shot(page, "04-control-plane-test-failed");

  // A new key through Edit; the test passes.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByPlaceholder("Leave empty to keep the current key")).toHaveValue("");
  await page.getByLabel("New API key (optional)").fill(FAKE_PROVIDER_KEY);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Changes saved." })).toBeVisible();
  await expect(details(page)).toContainText(`...${FAKE_PROVIDER_KEY.slice(-4)}`);
  await testConnection(page);
  await expect(result(page)).toContainText("Success");
  await expect(result(page)).toContainText("Connection successful");
  await expectNoKey(page, wrongKey, FAKE_PROVIDER_KEY);
  await shot(page, "05-control-plane-test-ok");

  // The workspace's own configuration comes first.
  await page.getByRole("link", { name: `This workspace (${a})` }).click();
  await expect(page).toHaveURL(new RegExp(`${pageOf(idA)}$`));
  await expect(page.getByText("This workspace uses the control plane's configuration.")).toBeVisible();
  await fillConfig(page, { provider: "openai", model: FAKE_MODELS.openai, key: FAKE_PROVIDER_KEY, baseUrl: fake.baseUrl("openai") });
  await page.getByRole("button", { name: "Create configuration" }).click();
  await expect(details(page)).toContainText("OpenAI");
  await expect(effective(page)).toContainText(`use this workspace's own configuration: OpenAI · ${FAKE_MODELS.openai}`);
  const hint = await details(page).getByTitle("Masked: the key itself is never shown").innerText();

  // Edit the model only: the key stays; the test checks the new model is listed.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByLabel("Model").fill("other-model-1");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Changes saved." })).toBeVisible();
  await expect(details(page)).toContainText("other-model-1");
  await expect(details(page).getByTitle("Masked: the key itself is never shown")).toHaveText(hint);
  await testConnection(page);
  await expect(result(page)).toContainText("Connection successful");
  await expect(result(page)).toContainText("other-model-1");
  await shot(page, "06-workspace-configured");

  // Another workspace through the sidebar's switcher: it has none of its own, the control plane's applies.
  await page.getByRole("combobox", { name: "Workspace" }).selectOption(idB);
  await expect(page).toHaveURL(new RegExp(`${pageOf(idB)}$`));
  await expect(effective(page)).toContainText(`AI features in ${b} use the control plane's configuration: Anthropic · ${FAKE_MODELS.anthropic}`);
  await expect(page.getByText(`No configuration for ${b}`)).toBeVisible();
  await shot(page, "07-other-workspace-falls-back");

  // Suggest description in A uses A's configuration, fills the field, saves nothing by itself.
  await page.goto(endpointPage);
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByText("Uses this workspace's LLM configuration (OpenAI)")).toBeVisible();
  // A's model was changed to one the fake does not answer for: the failure is said in place.
  await page.getByRole("button", { name: "Suggest description" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The LLM provider call failed" })).toBeVisible();
  await expect(page.getByLabel("Description (optional)")).toHaveValue("");

  // Back on the page: delete A's own configuration, behind a confirmation that says what follows.
  await page.goto(pageOf(idA));
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Delete the ${a} workspace configuration?`);
  await expect(dialog).toContainText(`AI features in ${a} fall back to the control plane's configuration (Anthropic · ${FAKE_MODELS.anthropic})`);
  await shot(page, "08-delete-confirm");
  await dialog.getByRole("button", { name: "Delete configuration" }).click();
  await expect(effective(page)).toContainText(`use the control plane's configuration`);
  await expect(page.getByText(`No configuration for ${a}`)).toBeVisible();

  // Now the control plane's answers: the draft lands in the field, editable, and is saved only with the form.
  await page.goto(endpointPage);
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByText("Uses the control plane's LLM configuration (Anthropic)")).toBeVisible();
  await page.getByRole("button", { name: "Suggest description" }).click();
  const description = page.getByLabel("Description (optional)");
  await expect(description).toHaveValue(FAKE_ANSWER);
  await expect(page.getByRole("status").filter({ hasText: "Edit it, then save." })).toBeVisible();
  await shot(page, "09-suggested");
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(page.getByText(FAKE_ANSWER)).toHaveCount(0);
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByRole("button", { name: "Suggest description" }).click();
  await expect(description).toHaveValue(FAKE_ANSWER);
  await description.fill(`${FAKE_ANSWER} Owned by the support team.`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("main")).toContainText(`${FAKE_ANSWER} Owned by the support team.`);

  // Delete the control plane's: AI features are off everywhere again.
  await page.goto(`${pageOf(idA)}?scope=control-plane`);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("dialog")).toContainText("Workspaces without a configuration of their own lose AI features");
  await page.getByRole("dialog").getByRole("button", { name: "Delete configuration" }).click();
  await expect(page.getByText("No control-plane configuration")).toBeVisible();
  await expect(effective(page)).toContainText(`AI features in ${a} are off`);
  await page.goto(endpointPage);
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("button", { name: "Suggest description" })).toBeDisabled();
});

test("a workspace admin who is not a superadmin gets 404 on the page and has no nav entry", async ({ page, browser }) => {
  const instanceId = await createInstance(page, unique("LLM tenant"));
  const email = `${unique("admin")}@penaxtra.test`;
  await addMember(page, instanceId, email, "admin");
  await page.goto(`/app/${instanceId}/endpoints`);
  await expect(page.getByRole("link", { name: "LLM configuration" })).toBeVisible();

  const context = await newUserContext(browser);
  const admin = await context.newPage();
  await signIn(admin, email, DEFAULT_PASSWORD);
  await expect(admin.getByRole("link", { name: "Members" })).toBeVisible();
  await expect(admin.getByRole("link", { name: "LLM configuration" })).toHaveCount(0);
  for (const path of ["", "?scope=control-plane"]) {
    expect((await admin.goto(`/app/${instanceId}/admin/llm-config${path}`))?.status()).toBe(404);
  }
  await context.close();
});
