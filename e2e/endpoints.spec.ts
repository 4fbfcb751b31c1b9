import { randomBytes } from "node:crypto";
import { test, expect, type Page } from "@playwright/test";
import { DEFAULT_PASSWORD, SUPERADMIN, SUPERADMIN_STATE, addMember, captureAction, createInstance, facts, newUserContext, recordCleartext, replayAction, signIn, unique } from "./fixtures";
import { fillWizard, nextStep } from "./wizard";

// The console's endpoint registry (seed 000): the wizard, the list with its
// filters, the endpoint page, the instance-less links of the docs, and what a
// viewer may not do.

test.use({ storageState: SUPERADMIN_STATE, viewport: { width: 1280, height: 800 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
const upstream = () => `https://${unique("llm")}.example.test/v1/chat/completions`;


function endpointIdFrom(page: Page): string {
  const m = /\/endpoints\/(ep_[A-Za-z0-9]{20})/.exec(page.url());
  if (!m) throw new Error(`No endpoint id in ${page.url()}`);
  return m[1];
}

test("wizard with an inline secret → list, filters → endpoint page → edit, disable, delete; a duplicate URL links to its endpoint", async ({ page }) => {
  const instanceId = await createInstance(page, unique("Endpoints"));
  const list = `/app/${instanceId}/endpoints`;
  await page.goto(list);
  await expect(page.getByText("No endpoints registered yet")).toBeVisible();
  await shot(page, "list-empty");
  await page.getByRole("main").getByRole("link", { name: "Register endpoint" }).last().click();
  await expect(page).toHaveURL(new RegExp(`${list}/new$`));

  // Step 1: errors at the field, then the basics; the owner defaults to the signed-in user.
  await nextStep(page, "connection");
  await expect(page.getByText("Name the endpoint")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Production customer chatbot");
  const tags = page.getByLabel("Tags (optional)");
  await tags.fill("customer-facing");
  await tags.press("Enter");
  await tags.fill("kyc,");
  await expect(page.getByRole("button", { name: "Remove tag kyc" })).toBeVisible();
  await expect(page.getByLabel("Owner")).toHaveValue("current");
  await expect(page.getByLabel("Owner").locator("option:checked")).toHaveText(`You: ${SUPERADMIN.name} (${SUPERADMIN.email})`);
  await shot(page, "wizard-1-basics");
  await nextStep(page, "connection");

  // Step 2, kept across a reload.
  const url = upstream();
  await expect(page.locator("[aria-current=step]")).toContainText("Connection");
  await page.getByLabel("URL", { exact: true }).fill(url);
  await page.getByLabel("Model", { exact: true }).fill("model-name-from-provider");
  await page.reload();
  await expect(page.getByLabel("URL", { exact: true })).toHaveValue(url);
  await expect(page.getByLabel("Model", { exact: true })).toHaveValue("model-name-from-provider");
  await expect(page.getByRole("radio", { name: /^Chat completions/ })).toBeChecked();

  // Each wire format explains itself; custom_template asks for its template and response path.
  await expect(page.getByText("Anthropic-style messages: messages in, content[] blocks out.")).toBeVisible();
  await page.getByRole("radio", { name: /^Custom template/ }).check();
  await expect(page.getByRole("textbox", { name: "Request template" })).toBeVisible();
  await expect(page.getByLabel("Response path")).toBeVisible();
  await page.getByRole("radio", { name: /^Chat completions/ }).check();
  await expect(page.getByRole("textbox", { name: "Request template" })).toHaveCount(0);

  // A header without a secret is refused at the field; the secret is created without leaving the wizard.
  await expect(page.getByLabel("Header name")).toHaveValue("Authorization");
  await nextStep(page, "review");
  await expect(page.getByText("Choose the secret that holds the credential")).toBeVisible();
  const secretName = `llm_key_${randomBytes(3).toString("hex")}`;
  const secretValue = `sk-${randomBytes(24).toString("base64url")}`;
  recordCleartext(secretValue);
  await page.getByRole("button", { name: "Create a secret" }).click();
  await page.getByLabel("Secret name").fill(secretName);
  await page.getByLabel("Secret value").fill(secretValue);
  await shot(page, "wizard-2-inline-secret");
  await page.getByRole("button", { name: "Create secret", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `secret:${secretName} was created and selected` })).toBeVisible();
  await expect(page.getByLabel("Secret", { exact: true })).toHaveValue(`secret:${secretName}`);
  await expect(page.getByLabel("Secret", { exact: true })).toBeFocused();
  await shot(page, "wizard-2-connection");
  await nextStep(page, "review");

  // Step 3: review, then create.
  const review = page.getByRole("main");
  await expect(review).toContainText(url);
  await expect(review).toContainText(`Authorization: secret:${secretName}`);
  await expect(review).toContainText("customer-facing");
  await shot(page, "wizard-3-review");
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page).toHaveURL(/\/endpoints\/ep_[A-Za-z0-9]{20}\?created=1$/);
  const endpointId = endpointIdFrom(page);
  await expect(page.getByRole("status")).toContainText("Production customer chatbot is registered and active.");
  expect(await page.content()).not.toContain(secretValue);

  // The wizard starts over once an endpoint is created.
  await page.goto(`${list}/new`);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("");

  // The same URL again: the field error links to the endpoint that has it.
  await fillWizard(page, instanceId, "Duplicate", url);
  await page.getByRole("button", { name: "Create endpoint" }).click();
  const urlError = page.locator("#endpoint-url-error");
  await expect(urlError).toContainText("An endpoint with this URL already exists in this workspace.");
  await expect(urlError.getByRole("link", { name: "Open the existing endpoint" })).toHaveAttribute("href", `${list}/${endpointId}`);
  await expect(page.getByLabel("URL", { exact: true })).toBeFocused();
  await shot(page, "wizard-duplicate-url");

  // Fixed: another URL, and a custom template this time.
  await page.getByLabel("URL", { exact: true }).fill(upstream());
  await page.getByRole("radio", { name: /^Custom template/ }).check();
  await page.getByRole("textbox", { name: "Request template" }).fill('{"input": "{{prompt}}", "options": {"model": "{{model}}"}}');
  await page.getByLabel("Response path").fill("$.output.text");
  await nextStep(page, "review");
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page).toHaveURL(/\/endpoints\/ep_[A-Za-z0-9]{20}\?created=1$/);
  const customId = endpointIdFrom(page);

  // The list, its filters and search.
  await page.goto(list);
  const row = page.getByTestId(`endpoint-${endpointId}`);
  for (const text of ["Production customer chatbot", new URL(url).host, "Chat completions", "model-name-from-provider", "kyc", SUPERADMIN.email, "active", "—"]) {
    await expect(row).toContainText(text);
  }
  await expect(page.getByTestId(`endpoint-${customId}`)).toContainText("Custom template");
  await shot(page, "list-filled");
  // All eight columns fit a laptop's width; at 1024 px the table scrolls inside its frame, not the page.
  expect(await page.getByRole("table").evaluate((t) => t.parentElement!.scrollWidth <= t.parentElement!.clientWidth)).toBe(true);
  await page.setViewportSize({ width: 1024, height: 800 });
  await shot(page, "list-filled-1024");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  await page.setViewportSize({ width: 1280, height: 800 });
  const filter = page.getByRole("search", { name: "Filter endpoints" });
  await filter.getByLabel("Search").fill("customer chat");
  await filter.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\?q=customer\+chat/);
  await expect(row).toBeVisible();
  await expect(page.getByTestId(`endpoint-${customId}`)).toHaveCount(0);
  await page.goto(`${list}?wire_format=custom_template`);
  await expect(page.getByTestId(`endpoint-${customId}`)).toBeVisible();
  await expect(row).toHaveCount(0);
  await page.goto(`${list}?tag=kyc&status=active`);
  await expect(row).toBeVisible();
  await expect(page.getByTestId(`endpoint-${customId}`)).toHaveCount(0);
  await page.goto(`${list}?status=disabled`);
  await expect(page.getByText("No endpoints match")).toBeVisible();

  // The endpoint page: every field, the credential as a reference, its audit entries.
  await page.goto(list);
  await row.getByRole("link", { name: "Production customer chatbot" }).click();
  await expect(page.getByRole("heading", { name: "Production customer chatbot" })).toBeVisible();
  const credential = page.getByRole("link", { name: `secret:${secretName}` });
  await expect(credential).toHaveAttribute("href", `/app/${instanceId}/settings/secrets`);
  await expect(page.getByText("Not tested yet")).toBeVisible();
  const audit = page.locator("section").filter({ has: page.getByRole("heading", { name: "Audit log" }) });
  await expect(audit).toContainText("endpoint.create");
  await shot(page, "endpoint-page");

  // Edit, on the same schema: a bad tag is refused at the field, then saved.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Production customer chatbot");
  await page.getByLabel("Name", { exact: true }).fill("Production customer chatbot (EU)");
  await page.getByLabel("Tags (optional)").fill("Not A Tag");
  await page.getByLabel("Tags (optional)").press("Enter");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Tags use lowercase letters, digits and - _ : .")).toBeVisible();
  for (const bad of ["Not", "A", "Tag"]) await page.getByRole("button", { name: `Remove tag ${bad}` }).click();
  await page.getByLabel("Tags (optional)").fill("eu");
  await shot(page, "endpoint-edit");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Changes saved." })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Production customer chatbot (EU)" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("eu");

  // Disable, then the list filter finds it; its audit shows both changes.
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("button", { name: "Enable" })).toBeVisible();
  await expect(page.getByRole("main").getByText("disabled", { exact: true }).first()).toBeVisible();
  // Audit rows are written by a queue a moment after the answer.
  await expect(async () => {
    await page.reload();
    await expect(audit).toContainText("endpoint.update", { timeout: 1_000 });
    await expect(audit).toContainText("disabled", { timeout: 1_000 });
  }).toPass();
  await page.goto(`${list}?status=disabled`);
  await expect(row).toContainText("disabled");

  // Another instance's URL does not show it.
  expect((await page.goto(`/app/${facts().firstInstanceId}/endpoints/${endpointId}`))?.status()).toBe(404);

  // Delete, behind a confirmation; back on the list without it.
  await page.goto(`${list}/${endpointId}`);
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete Production customer chatbot (EU)?" });
  await confirm.getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page).toHaveURL(new RegExp(`${list}$`));
  await expect(page.getByTestId(`endpoint-${endpointId}`)).toHaveCount(0);
  await expect(page.getByTestId(`endpoint-${customId}`)).toBeVisible();
  expect((await page.goto(`${list}/${endpointId}`))?.status()).toBe(404);
});

test("the docs' /app/endpoints/new opens the wizard in the current instance, through sign-in when signed out", async ({ page, browser }) => {
  const instanceId = await createInstance(page, unique("Current"));
  await page.goto(`/app/${instanceId}/endpoints`);
  for (const [from, to] of [["/app/endpoints/new", "endpoints/new"], ["/app/endpoints", "endpoints"], ["/app/settings/tokens", "settings/tokens"], ["/app/settings/secrets", "settings/secrets"]]) {
    await page.goto(from);
    await expect(page).toHaveURL(new RegExp(`/app/${instanceId}/${to}$`));
  }
  await expect(page.getByRole("heading", { name: "Secrets", exact: true })).toBeVisible();

  // A remembered id the user cannot open is not followed: the first workspace instead.
  await page.context().addCookies([{ name: "penaxtra_instance", value: "ins_00000000000000000000", domain: new URL(page.url()).hostname, path: "/" }]);
  await page.goto("/app/endpoints?status=active");
  await expect(page).toHaveURL(new RegExp(`/app/${facts().firstInstanceId}/endpoints\\?status=active$`));

  // Signed out: sign in first, then on to the wizard.
  const context = await newUserContext(browser);
  const out = await context.newPage();
  await out.goto("/app/endpoints/new");
  await expect(out).toHaveURL(/\/signin\?callbackUrl=%2Fapp%2Fendpoints%2Fnew$/);
  await out.getByLabel("Email").fill(SUPERADMIN.email);
  await out.getByLabel("Password").fill(SUPERADMIN.password);
  await out.getByRole("button", { name: "Sign in" }).click();
  await expect(out).toHaveURL(/\/app\/ins_[A-Za-z0-9]+\/endpoints\/new$/);
  await expect(out.getByRole("heading", { name: "Register an endpoint" })).toBeVisible();
  await context.close();
});

test("a viewer sees the list but cannot register: no button, 404 on /new, a replayed create action creates nothing", async ({ page, browser }) => {
  const instanceId = await createInstance(page, unique("Viewers"));
  const list = `/app/${instanceId}/endpoints`;
  const viewerEmail = `${unique("viewer")}@example.test`;
  await addMember(page, instanceId, viewerEmail, "viewer");

  // The superadmin's create, captured before it reaches the server.
  await fillWizard(page, instanceId, "Replayed", upstream());
  const action = await captureAction(page, () => page.getByRole("button", { name: "Create endpoint" }).click());

  const context = await newUserContext(browser);
  const viewer = await context.newPage();
  await signIn(viewer, viewerEmail, DEFAULT_PASSWORD);
  await viewer.goto(list);
  await expect(viewer.getByText("No endpoints registered yet")).toBeVisible();
  await expect(viewer.getByText("You have read-only access")).toBeVisible();
  await expect(viewer.getByRole("link", { name: "Register endpoint" })).toHaveCount(0);
  expect((await viewer.goto(`${list}/new`))?.status()).toBe(404);
  expect((await viewer.goto("/app/endpoints/new"))?.status()).toBe(404);

  const replay = await replayAction(viewer.request, action);
  expect(await replay.text()).toContain('"code":"forbidden"');
  await page.goto(list);
  await expect(page.getByText("No endpoints registered yet")).toBeVisible();

  // An endpoint registered by someone who may: the viewer reads it, with nothing to change it with.
  await fillWizard(page, instanceId, "Read only", upstream());
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page).toHaveURL(/\/endpoints\/ep_[A-Za-z0-9]{20}\?created=1$/);
  const endpointId = endpointIdFrom(page);
  await viewer.goto(`${list}/${endpointId}`);
  await expect(viewer.getByRole("heading", { name: "Read only" })).toBeVisible();
  await expect(viewer.getByRole("main").getByRole("button")).toHaveCount(0);
  await shot(viewer, "endpoint-page-viewer");
  await context.close();
});
