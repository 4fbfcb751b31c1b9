import { randomBytes } from "node:crypto";
import { test, expect, type Page } from "@playwright/test";
import { FAKE_KEY, startFakeUpstream } from "../test/fake-upstream";
import { DEFAULT_PASSWORD, SUPERADMIN_STATE, addMember, createInstance, newUserContext, recordCleartext, signIn, unique } from "./fixtures";
import { nextStep } from "./wizard";

// Workspace → API standards (seed 002) in the console: a superadmin creates,
// edits and deletes a standard, a standard an endpoint uses cannot be
// deleted (the 409's message is shown), a member reads the list without the
// controls; and the endpoint wizard's "Use an API standard", whose key the
// endpoint test then sends where the standard says (a loopback fake upstream
// accepts the key in exactly one place).

test.use({ storageState: SUPERADMIN_STATE, viewport: { width: 1280, height: 800 } });

let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
test.beforeAll(async () => {
  upstream = await startFakeUpstream();
  recordCleartext(FAKE_KEY);
});
test.afterAll(async () => upstream?.close());

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `/tmp/shots-e2e/${name}.png`, fullPage: true });
}
let n = 0;
const fake = (path: string) => upstream.url(`${path}?deployment=${++n}`);
const row = (page: Page, handle: string) => page.getByTestId(`standard-${handle}`);
/** The "Used by" cell (the row's text also holds its closed dialogs'). */
const usedBy = (page: Page, handle: string) => row(page, handle).locator("td").nth(3);

/**
 * The wizard up to Create with an API standard as the authentication: the
 * secret is created inline on first use (with `value`), chosen from the list after.
 */
async function wizardWithStandard(page: Page, instanceId: string, o: { name: string; url: string; standard: string; secret: string; value?: string; shots?: string }) {
  await page.goto(`/app/${instanceId}/endpoints/new`);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByLabel("Name", { exact: true }).fill(o.name);
  await nextStep(page, "connection");
  await page.getByLabel("URL", { exact: true }).fill(o.url);
  await page.getByLabel("Model", { exact: true }).fill("model-small");
  await page.getByLabel("Use an API standard").check();
  await page.getByLabel("API standard", { exact: true }).selectOption(o.standard);
  if (o.value) {
    await page.getByRole("button", { name: "Create a secret" }).click();
    await page.getByLabel("Secret name").fill(o.secret);
    await page.getByLabel("Secret value").fill(o.value);
    await page.getByRole("button", { name: "Create secret", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `secret:${o.secret} was created and selected` })).toBeVisible();
  } else {
    await page.getByLabel("Secret", { exact: true }).selectOption(`secret:${o.secret}`);
  }
  await expect(page.getByLabel("Secret", { exact: true })).toHaveValue(`secret:${o.secret}`);
  if (o.shots) await shot(page, `${o.shots}-connection`);
  await nextStep(page, "review");
  await expect(page.getByRole("main")).toContainText(`API standard ${o.standard} · secret:${o.secret}`);
  if (o.shots) await shot(page, `${o.shots}-review`);
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page).toHaveURL(/\/endpoints\/ep_[A-Za-z0-9]{20}\?created=1$/);
  return /\/endpoints\/(ep_[A-Za-z0-9]{20})/.exec(page.url())![1];
}

test("a superadmin creates, edits and deletes a standard; one in use is refused with the count; Admin → API standards redirects", async ({ page }) => {
  test.setTimeout(120_000);
  const instanceId = await createInstance(page, unique("Standards"));
  const standards = `/app/${instanceId}/api-standards`;

  // The old Admin address lands on the one page; the nav names it.
  await page.goto(`/app/${instanceId}/admin/api-standards`);
  await expect(page).toHaveURL(new RegExp(`${standards}$`));
  await expect(page.getByRole("heading", { name: "API standards", level: 1 })).toBeVisible();
  for (const seeded of ["openai", "cohere", "gemini"]) await expect(row(page, seeded)).toBeVisible();
  await expect(row(page, "gemini")).toContainText("API key in the query string");
  await expect(row(page, "gemini")).toContainText("query_param");
  await expect(page.getByRole("columnheader", { name: "Used by (all workspaces)" })).toBeVisible();
  // At 1280 px the table fits: long descriptions (URLs) wrap, the row's actions are in view without scrolling.
  await expect(row(page, "openai").getByRole("button", { name: "Delete" })).toBeInViewport();
  await shot(page, "standards-superadmin");

  // Create: the form refuses an empty handle and description at their fields.
  await page.getByRole("button", { name: "New API standard" }).click();
  const create = page.getByRole("dialog", { name: "New API standard" });
  await expect(create.getByLabel("Key field")).toHaveValue("Authorization");
  await create.getByLabel("Handle").fill("");
  await create.getByRole("button", { name: "Create standard" }).click();
  await expect(create.locator("#new-standard-api_standard_handle-error")).toBeVisible();
  await expect(create.locator("#new-standard-description-error")).toBeVisible();
  await shot(page, "standard-create-errors");

  // auth_apikey swaps the example key field for X-API-Key.
  const handle = unique("vllm");
  await create.getByLabel("Handle").fill(handle);
  await create.getByLabel("Description").fill("vLLM local deployment with custom auth");
  await create.getByLabel("Key method").selectOption("auth_apikey");
  await expect(create.getByLabel("Key field")).toHaveValue("X-API-Key");
  await shot(page, "standard-create-filled");
  await create.getByRole("button", { name: "Create standard" }).click();
  await expect(create).toBeHidden();
  await expect(row(page, handle)).toContainText("vLLM local deployment with custom auth");
  await expect(row(page, handle)).toContainText("X-API-Key");
  await expect(row(page, handle)).toContainText("auth_apikey");
  await expect(usedBy(page, handle)).toHaveText("No endpoints");

  // The same handle again is refused.
  await page.getByRole("button", { name: "New API standard" }).click();
  await create.getByLabel("Handle").fill(handle);
  await create.getByLabel("Description").fill("Again");
  await create.getByRole("button", { name: "Create standard" }).click();
  await expect(create.getByRole("alert")).toHaveText(`A standard with the handle "${handle}" exists already: choose another handle, or use Edit on its row.`);
  await shot(page, "standard-create-duplicate");
  await create.getByRole("button", { name: "Cancel" }).click();
  await expect(create).toBeHidden();

  // Edit the description; the handle cannot be changed.
  await row(page, handle).getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${handle}` });
  await expect(edit).toContainText("No endpoint uses this standard yet.");
  await expect(edit.getByLabel("Handle")).toHaveAttribute("readonly", "");
  await edit.getByLabel("Description").fill("vLLM behind the lab's gateway, see https://docs.vllm.ai/");
  await shot(page, "standard-edit");
  await edit.getByRole("button", { name: "Save standard" }).click();
  await expect(edit).toBeHidden();
  await expect(row(page, handle)).toContainText("vLLM behind the lab's gateway");

  // An endpoint that uses it: the count shows, and the delete is refused with the 409's message.
  const labId = await wizardWithStandard(page, instanceId, { name: "vLLM lab", url: fake("/chat_completions_v1/x-api-key"), standard: handle, secret: "vllm_key", value: FAKE_KEY });
  await expect(page.getByRole("main")).toContainText(`API standard ${handle}`);
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByTestId("test-verdict")).toContainText("Pass");
  expect(upstream.received.at(-1)?.headers["x-api-key"]).toBe(FAKE_KEY);
  await page.goto(standards);
  await expect(usedBy(page, handle)).toHaveText("1 endpoint");
  await row(page, handle).getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: `Delete the API standard "${handle}"?` });
  await expect(confirm).toContainText("referenced by 1 endpoint across all workspaces");
  await shot(page, "standard-delete-in-use-confirm");
  await confirm.getByRole("button", { name: "Delete standard" }).click();
  await expect(row(page, handle).getByRole("alert")).toHaveText("Cannot delete API standard: referenced by 1 LLM service instances");
  await shot(page, "standard-delete-refused");
  await page.reload();
  await expect(usedBy(page, handle)).toHaveText("1 endpoint");

  // Unused again (the endpoint deleted): the delete goes through.
  await page.goto(`/app/${instanceId}/endpoints/${labId}`);
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete vLLM lab?" }).getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page).toHaveURL(new RegExp(`/app/${instanceId}/endpoints$`));
  await page.goto(standards);
  await expect(usedBy(page, handle)).toHaveText("No endpoints");
  await row(page, handle).getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toContainText("No endpoint uses it.");
  await confirm.getByRole("button", { name: "Delete standard" }).click();
  await expect(row(page, handle)).toHaveCount(0);
  await shot(page, "standards-after-delete");
});

test("a member reads the list with their workspace's counts, without create, edit or delete", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const instanceId = await createInstance(page, unique("Standards read"));
  const standards = `/app/${instanceId}/api-standards`;
  const value = `co-${randomBytes(24).toString("base64url")}`;
  recordCleartext(value);
  await wizardWithStandard(page, instanceId, { name: "Cohere chat", url: `https://${unique("llm")}.example.test/v2/chat`, standard: "cohere", secret: "cohere_key", value });

  // A member of the workspace: the same list, their workspace's count, no controls.
  const email = `${unique("std-member")}@example.test`;
  await addMember(page, instanceId, email, "member");
  const context = await newUserContext(browser);
  const member = await context.newPage();
  await member.setViewportSize({ width: 1280, height: 800 });
  await signIn(member, email, DEFAULT_PASSWORD);
  await member.goto(standards);
  await expect(usedBy(member, "cohere")).toHaveText("1 endpoint");
  await expect(usedBy(member, "openai")).toHaveText("No endpoints");
  await expect(member.getByRole("columnheader", { name: "Used by (this workspace)" })).toBeVisible();
  await expect(member.getByRole("button", { name: "New API standard" })).toHaveCount(0);
  await expect(member.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(member.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(member.getByRole("main")).toContainText("Superadmins add and change API standards.");
  await shot(member, "standards-member");
  // The nav leads to the page for them too.
  await member.goto(`/app/${instanceId}/endpoints`);
  await member.getByRole("navigation").getByRole("link", { name: "API standards" }).first().click();
  await expect(member).toHaveURL(new RegExp(`${standards}$`));
  await context.close();

});

test("the wizard's 'Use an API standard': gemini sends the key as ?key=, openai as a bearer header, and the endpoint test passes", async ({ page }) => {
  const instanceId = await createInstance(page, unique("Standard endpoints"));

  // gemini: query_param "key". The fake answers only when the key is in ?key= and nowhere else.
  const geminiId = await wizardWithStandard(page, instanceId, {
    name: "Gemini chat",
    url: fake("/chat_completions_v1/query-key"),
    standard: "gemini",
    secret: "gemini_key",
    value: FAKE_KEY,
    shots: "wizard-gemini",
  });
  const standardLink = page.getByRole("main").getByRole("link", { name: "gemini", exact: true });
  await expect(standardLink).toHaveAttribute("href", `/app/${instanceId}/api-standards`);
  await expect(page.getByRole("main")).toContainText("API standard gemini · secret:gemini_key");
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByTestId("test-verdict")).toContainText("Pass");
  const sent = upstream.received.at(-1)!;
  expect(new URL(sent.path, "http://fake").searchParams.get("key")).toBe(FAKE_KEY);
  expect(sent.headers.authorization).toBeUndefined();
  // The key in the URL is shown nowhere: not in the verdict, the history or the page.
  expect(await page.content()).not.toContain(FAKE_KEY);
  await shot(page, "endpoint-gemini-tested");

  // openai: auth_bearer Authorization, with the secret already there.
  await wizardWithStandard(page, instanceId, { name: "OpenAI chat", url: fake("/chat_completions_v1/bearer"), standard: "openai", secret: "gemini_key", shots: "wizard-openai" });
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByTestId("test-verdict")).toContainText("Pass");
  expect(upstream.received.at(-1)!.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);

  // A standard that puts the key where this upstream does not look: the test fails, the key stays hidden.
  await wizardWithStandard(page, instanceId, { name: "Wrong place", url: fake("/chat_completions_v1/query-key"), standard: "openai", secret: "gemini_key" });
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByTestId("test-verdict")).toContainText("Fail");
  expect(await page.content()).not.toContain(FAKE_KEY);
  await shot(page, "endpoint-wrong-place-tested");

  // The list of standards counts this workspace's endpoints for the superadmin across all workspaces.
  await page.goto(`/app/${instanceId}/endpoints/${geminiId}`);
  await page.getByRole("main").getByRole("link", { name: "gemini", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/app/${instanceId}/api-standards$`));
  await expect(usedBy(page, "gemini")).toHaveText(/\d+ endpoints?/);
  await expect(usedBy(page, "openai")).toHaveText(/\d+ endpoints?/);
});
