import { test, expect, type Page } from "@playwright/test";
import { startFakeUpstream } from "../test/fake-upstream";
import { SUPERADMIN_STATE, createInstance, unique } from "./fixtures";
import { fillWizard } from "./wizard";

// The endpoint test in the console: the endpoint page's Test (pass, a
// schema mismatch naming the field, a DLP block naming the rule), its
// history, the list's "Last test" column, and the wizard's test before
// saving. The upstream is a loopback fake (the server admits 127.0.0.1).

test.use({ storageState: SUPERADMIN_STATE, viewport: { width: 1280, height: 800 } });

let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
test.beforeAll(async () => {
  upstream = await startFakeUpstream();
});
test.afterAll(async () => upstream?.close());

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
let n = 0;
const fake = (path: string) => upstream.url(`${path}?deployment=${++n}`);


async function create(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page).toHaveURL(/\/endpoints\/ep_[A-Za-z0-9]{20}\?created=1$/);
  return /\/endpoints\/(ep_[A-Za-z0-9]{20})/.exec(page.url())![1];
}

const verdict = (page: Page) => page.getByTestId("test-verdict");
const runs = (page: Page) => page.getByTestId("test-run");

test("the wizard tests before saving (nothing stored), the endpoint page tests and keeps the history, the list shows the last test", async ({ page }) => {
  const instanceId = await createInstance(page, unique("Endpoint tests"));
  const list = `/app/${instanceId}/endpoints`;

  // Wizard: test before saving, on the review step; nothing is stored until create.
  await fillWizard(page, instanceId, "Chat OK", fake("/chat_completions_v1/ok"));
  const before = upstream.received.length;
  await page.getByRole("button", { name: "Test before saving" }).click();
  await expect(verdict(page)).toContainText("Pass");
  await expect(verdict(page)).toContainText("Answered as expected");
  await expect(verdict(page)).toContainText("200");
  await expect(verdict(page)).toContainText("Not stored");
  expect(upstream.received.length).toBe(before + 1);
  await shot(page, "wizard-review-test-verdict");
  const okId = await create(page);
  await expect(page.getByText("Not tested yet")).toBeVisible();
  await expect(runs(page)).toHaveCount(0);

  // The endpoint page: Test → pass, the history has the run.
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(verdict(page)).toContainText("Pass");
  await expect(verdict(page)).toContainText("The endpoint answered in chat_completions_v1 format.");
  await expect(runs(page)).toHaveCount(1);
  await expect(runs(page).first()).toContainText("200");
  await expect(page.getByText("Not tested yet")).toHaveCount(0);

  // A custom prompt goes through the same schema: too long is refused at the field.
  await page.getByText("Custom prompt (optional)").click();
  await page.getByLabel("Prompt", { exact: true }).fill("x".repeat(4001));
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByText("Use at most 4000 characters")).toBeVisible();
  await page.getByLabel("Prompt", { exact: true }).fill("Say pong.");
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(runs(page)).toHaveCount(2);
  expect(upstream.received.at(-1)?.body).toContain("Say pong.");
  await expect(page.getByRole("main")).toContainText("Answered as expected");
  await shot(page, "endpoint-page-tested");
  // A cursor that is not one shows the newest page rather than an error.
  await page.goto(`${list}/${okId}?tests=not-a-cursor`);
  await expect(runs(page)).toHaveCount(2);

  // A broken answer: fail, schema mismatch, the detail names the field.
  await fillWizard(page, instanceId, "Chat broken", fake("/chat_completions_v1/malformed/choices"));
  const brokenId = await create(page);
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(verdict(page)).toContainText("Fail");
  await expect(verdict(page)).toContainText("Unexpected answer format");
  await expect(verdict(page)).toContainText("schema_mismatch");
  await expect(verdict(page)).toContainText("choices");
  await expect(runs(page)).toHaveCount(1);
  await expect(runs(page).first()).toContainText("Unexpected answer format");

  // A prompt that matches a DLP rule: not sent, an alert names the rule; the run is in the history.
  const sent = upstream.received.length;
  await page.getByText("Custom prompt (optional)").click();
  await page.getByLabel("Prompt", { exact: true }).fill("Write to jane.doe@example.com");
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Blocked by DLP rule" })).toContainText("builtin:email");
  await expect(runs(page)).toHaveCount(2);
  await expect(runs(page).first()).toContainText("Blocked by a DLP rule");
  expect(upstream.received.length).toBe(sent);
  await shot(page, "endpoint-page-dlp-blocked");

  // The list: the last test of each endpoint, the reason on hover; "—" for one never tested.
  await fillWizard(page, instanceId, "Never tested", fake("/chat_completions_v1/ok"));
  const neverId = await create(page);
  await page.goto(list);
  const okCell = page.getByTestId(`endpoint-${okId}`).locator("td").last();
  await expect(okCell).toContainText("Pass");
  await expect(okCell.locator("time")).toHaveText(/just now|minute/);
  const brokenCell = page.getByTestId(`endpoint-${brokenId}`).locator("td").last();
  await expect(brokenCell).toContainText("Fail");
  await expect(brokenCell.locator("[title^='Blocked by a DLP rule']")).toHaveCount(1);
  await expect(page.getByTestId(`endpoint-${neverId}`).locator("td").last()).toHaveText("—");
  await shot(page, "list-last-test");
});
