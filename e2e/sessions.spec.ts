import { test, expect } from "@playwright/test";
import { SUPERADMIN_STATE, createInstance, formAlert, inviteAndJoin, newUserContext, signIn, unique } from "./fixtures";

// Console sessions are rows on the server: the cookie alone is not enough
// once sign-out or a password change has ended them.

test.use({ storageState: SUPERADMIN_STATE });

const SHOTS = "test-results/screenshots";

test("sign-out ends the session on the server: the old cookie no longer opens the console", async ({ page, browser }) => {
  const instanceId = await createInstance(page, unique("SignOut"));
  const user = await inviteAndJoin(page, instanceId, `${unique("leaver")}@penaxtra.test`, "member");
  const cookies = await user.context().cookies();
  const session = cookies.find((c) => c.name.includes("next-auth.session-token"));
  expect(session).toBeTruthy();

  // The cookie works while the session lives.
  const before = await user.request.get("/app", { maxRedirects: 0 });
  expect(before.status()).toBe(307);
  expect(before.headers()["location"]).toContain(`/app/${instanceId}/endpoints`);

  await user.getByRole("button", { name: "Sign out" }).click();
  await expect(user).toHaveURL(/\/signin/);
  await user.context().close();

  // The same cookie, replayed from elsewhere, is refused.
  const replay = await newUserContext(browser);
  await replay.addCookies([session!]);
  const rp = await replay.newPage();
  await rp.goto("/app");
  await expect(rp).toHaveURL(/\/signin/);
  await rp.goto(`/app/${instanceId}/endpoints`);
  await expect(rp).toHaveURL(/\/signin/);
  const direct = await replay.request.get(`/app/${instanceId}/settings/members`, { maxRedirects: 0 });
  expect(direct.status()).toBe(307);
  expect(direct.headers()["location"]).toContain("/signin");
  await replay.close();
});

test("changing the password ends the other sessions at once and keeps this one", async ({ page, browser }) => {
  const instanceId = await createInstance(page, unique("Password"));
  const email = `${unique("changer")}@penaxtra.test`;
  const oldPassword = "first-password-2024";
  const newPassword = "second-password-2025";
  const here = await inviteAndJoin(page, instanceId, email, "member", oldPassword);
  const elsewhereCtx = await newUserContext(browser);
  const elsewhere = await elsewhereCtx.newPage();
  await signIn(elsewhere, email, oldPassword);

  // The account page is linked from the user's name in the sidebar.
  await here.getByRole("link", { name: email }).click();
  await expect(here).toHaveURL(new RegExp(`/app/${instanceId}/account$`));
  await expect(here.getByRole("heading", { name: "Your account" })).toBeVisible();

  // A wrong current password is the field's error; nothing changes.
  await here.getByLabel("Current password").fill("not-my-password-1");
  await here.getByLabel("New password", { exact: true }).fill(newPassword);
  await here.getByLabel("Repeat the new password").fill(newPassword);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.locator("#current-password-error")).toHaveText("This is not your current password");
  await expect(formAlert(here)).toHaveCount(1); // the field's message only, no banner besides
  await expect(here.getByText("Password changed.")).toHaveCount(0);
  await elsewhere.reload();
  await expect(elsewhere).toHaveURL(new RegExp(`/app/${instanceId}/endpoints$`));

  // Two different new passwords are caught before anything is sent.
  await here.getByLabel("Current password").fill(oldPassword);
  await here.getByLabel("Repeat the new password").fill(`${newPassword}x`);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByText("The two new passwords differ")).toBeVisible();

  await here.getByLabel("Repeat the new password").fill(newPassword);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByRole("status").filter({ hasText: "Password changed." })).toHaveText("Password changed. 1 other session ended.");
  await here.screenshot({ path: `${SHOTS}/account-password-changed.png`, fullPage: true });

  // The other session is over at once; this one goes on.
  await elsewhere.reload();
  await expect(elsewhere).toHaveURL(/\/signin/);
  await here.goto(`/app/${instanceId}/endpoints`);
  await expect(here).toHaveURL(new RegExp(`/app/${instanceId}/endpoints$`));

  // Only the new password signs in.
  await elsewhere.goto("/signin");
  await elsewhere.getByLabel("Email").fill(email);
  await elsewhere.getByLabel("Password").fill(oldPassword);
  await elsewhere.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(elsewhere)).toHaveText("Invalid email or password");
  await signIn(elsewhere, email, newPassword);
  await elsewhereCtx.close();
  await here.context().close();
});
