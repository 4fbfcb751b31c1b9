import { test, expect, type Page } from "@playwright/test";
import {
  DEFAULT_PASSWORD,
  SUPERADMIN_STATE,
  captureAction,
  createInstance,
  formAlert,
  invite,
  inviteAndJoin,
  joinAsNewUser,
  newUserContext,
  replayAction,
  signIn,
  unique,
} from "./fixtures";

// Members join only by invitation: a one-time link, shown once to the admin,
// that a new user opens to choose their own password and an existing user
// accepts (or declines) after signing in as themselves.

test.use({ storageState: SUPERADMIN_STATE });

const SHOTS = "test-results/screenshots";

/** The visible text of the invite status box and the invitation row, with what must differ taken out. */
async function inviteAnswer(page: Page, email: string): Promise<string[]> {
  const strip = (text: string) =>
    text
      .replaceAll(email, "<email>")
      .replace(/https?:\/\/\S+\/invite\/[A-Za-z0-9]+/g, "<link>")
      .replace(/\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT/g, "<time>");
  const box = await page.getByTestId("invite-link").innerText();
  const row = await page.getByTestId(`invitation-${email}`).innerText();
  return [strip(box), strip(row)];
}

test("an admin of another workspace who invites an existing user's e-mail learns nothing and gets no access", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // Workspace A (the superadmin administers it): x joins with password P.
  const a = await createInstance(page, unique("TenantA"));
  const bName = unique("TenantB");
  const b = await createInstance(page, bName);
  const x = `${unique("victim")}@penaxtra.test`;
  const P = "victim-password-4711";
  const xPage = await inviteAndJoin(page, a, x, "member", P);
  await xPage.context().close();

  // Workspace B has its own admin, who is no superadmin.
  const adminB = await inviteAndJoin(page, b, `${unique("admin-b")}@penaxtra.test`, "admin");
  await adminB.goto(`/app/${b}/settings/members`);
  await expect(adminB.getByLabel("Role", { exact: true }).locator("option")).toHaveText(["admin", "member", "viewer"]);

  // Inviting x (who has an account) answers exactly like inviting a brand-new address.
  const fresh = `${unique("fresh")}@penaxtra.test`;
  const linkFresh = await invite(adminB, b, fresh, "admin");
  const answerFresh = await inviteAnswer(adminB, fresh);
  const linkX = await invite(adminB, b, x, "admin");
  const answerX = await inviteAnswer(adminB, x);
  expect(answerX).toEqual(answerFresh);
  expect(linkX).not.toEqual(linkFresh);
  await expect(adminB.getByTestId(`member-${x}`)).toHaveCount(0);
  await expect(adminB.getByTestId(`invitation-${x}`)).toContainText("pending");
  await adminB.screenshot({ path: `${SHOTS}/members-invitation-link.png`, fullPage: true });

  // The link does not let B's admin set x's password: the old takeover.
  const hijack = await newUserContext(browser);
  const hp = await hijack.newPage();
  await hp.goto(linkX);
  await expect(hp.getByRole("heading", { name: "You are invited" })).toBeVisible();
  await expect(hp.getByLabel("Email")).toHaveValue(x);
  await expect(hp.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", `/signin?callbackUrl=${encodeURIComponent(new URL(linkX).pathname)}`);
  await hp.screenshot({ path: `${SHOTS}/invite-signed-out.png`, fullPage: true });
  await hp.getByLabel("Choose a password").fill("attacker-password-666");
  await hp.getByRole("button", { name: "Create account and join" }).click();
  await expect(formAlert(hp)).toContainText("sign in with it to accept the invitation");
  await expect(hp).toHaveURL(linkX);
  await hp.goto("/signin");
  await hp.getByLabel("Email").fill(x);
  await hp.getByLabel("Password").fill("attacker-password-666");
  await hp.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(hp)).toHaveText("Invalid email or password");
  await hijack.close();

  // x signs in with P as before: B's invitation is pending, B itself is out of reach.
  const xCtx = await newUserContext(browser);
  const xp = await xCtx.newPage();
  await signIn(xp, x, P);
  await expect(xp).toHaveURL(new RegExp(`/app/${a}/endpoints$`));
  const banner = xp.getByRole("status").filter({ hasText: "You have a pending invitation" });
  await expect(banner).toContainText(`You have a pending invitation to ${bName}.`);
  await expect(xp.getByRole("combobox", { name: "Workspace" }).locator("option")).toHaveCount(1);
  expect((await xp.goto(`/app/${b}/settings/members`))?.status()).toBe(404);
  expect((await xp.goto(`/app/${b}/endpoints`))?.status()).toBe(404);

  await xp.goto(`/app/${a}/endpoints`);
  await xp.getByRole("link", { name: "Review →" }).click();
  await expect(xp).toHaveURL(/\/app\/invitations$/);
  const pending = xp.getByTestId(`pending-${bName}`);
  await expect(pending).toContainText("as admin");
  await xp.screenshot({ path: `${SHOTS}/app-invitations.png`, fullPage: true });

  // Declining leaves no access, and the banner is gone.
  await pending.getByRole("button", { name: "Decline" }).click();
  await expect(xp.getByText("No pending invitations.")).toBeVisible();
  expect((await xp.goto(`/app/${b}/settings/members`))?.status()).toBe(404);
  await xp.goto(`/app/${a}/endpoints`);
  await expect(xp.getByText("You have a pending invitation")).toHaveCount(0);
  await adminB.goto(`/app/${b}/settings/members`);
  await expect(adminB.getByTestId(`invitation-${x}`)).toContainText("declined");
  await expect(adminB.getByTestId(`member-${x}`)).toHaveCount(0);

  // Invited again, x accepts from the list and only then is a member of B.
  await invite(adminB, b, x, "viewer");
  await xp.goto("/app/invitations");
  await xp.getByTestId(`pending-${bName}`).getByRole("button", { name: "Accept" }).click();
  await expect(xp).toHaveURL(new RegExp(`/app/${b}/endpoints$`));
  expect((await xp.goto(`/app/${b}/settings/members`))?.status()).toBe(200);
  await expect(xp.getByTestId(`member-${x}`)).toContainText("viewer");
  await xCtx.close();
  await adminB.context().close();
});

test("a used link, a revoked link, a replaced link and a made-up link are refused", async ({ page, browser }) => {
  const instanceId = await createInstance(page, unique("Links"));
  const used = await invite(page, instanceId, `${unique("used")}@penaxtra.test`, "member");
  const ctx = await newUserContext(browser);
  const p = await ctx.newPage();
  await joinAsNewUser(p, used);
  await ctx.clearCookies();

  const refused = async (link: string, why: string) => {
    await p.goto(link);
    await expect(p.getByRole("heading", { name: "Invitation not valid" })).toBeVisible();
    await expect(p.getByText(why)).toBeVisible();
    await expect(p.getByRole("button", { name: "Create account and join" })).toHaveCount(0);
  };
  await refused(used, "This invitation has already been used.");

  const revokedEmail = `${unique("revoked")}@penaxtra.test`;
  const revoked = await invite(page, instanceId, revokedEmail, "member");
  await page.getByTestId(`invitation-${revokedEmail}`).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByTestId(`invitation-${revokedEmail}`)).toContainText("revoked");
  await expect(page.getByTestId(`invitation-${revokedEmail}`).getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await refused(revoked, "This invitation was withdrawn by a workspace admin.");

  // Inviting the same address again withdraws the earlier link.
  const againEmail = `${unique("again")}@penaxtra.test`;
  const first = await invite(page, instanceId, againEmail, "member");
  const second = await invite(page, instanceId, againEmail, "viewer");
  await refused(first, "This invitation was withdrawn by a workspace admin.");
  await p.goto(second);
  await expect(p.getByRole("heading", { name: "You are invited" })).toBeVisible();
  await expect(p.getByText("as viewer")).toBeVisible();

  await refused(`/invite/${"x".repeat(43)}`, "This invitation link is not valid.");
  await refused("/invite/short", "This invitation link is not valid.");
  await ctx.close();
});

test("an existing user signs in from the link and accepts; someone else signed in cannot", async ({ page, browser }) => {
  const home = await createInstance(page, unique("Home"));
  const otherName = unique("Other");
  const other = await createInstance(page, otherName);
  const user = `${unique("existing")}@penaxtra.test`;
  await (await inviteAndJoin(page, home, user, "member")).context().close();
  const link = await invite(page, other, user, "member");

  // Signed in as someone else, the link says whom it is for and offers nothing.
  const bystander = await inviteAndJoin(page, home, `${unique("bystander")}@penaxtra.test`, "member");
  await bystander.goto(link);
  await expect(bystander.getByText(`This invitation is for ${user}, but you are signed in as`)).toBeVisible();
  await expect(bystander.getByRole("button", { name: "Accept" })).toHaveCount(0);
  await bystander.context().close();

  const ctx = await newUserContext(browser);
  const p = await ctx.newPage();
  await p.goto(link);
  await p.getByRole("link", { name: "Sign in" }).click();
  await expect(p).toHaveURL(/\/signin\?callbackUrl=/);
  await p.getByLabel("Email").fill(user);
  await p.getByLabel("Password").fill(DEFAULT_PASSWORD);
  await p.getByRole("button", { name: "Sign in" }).click();
  await expect(p).toHaveURL(link);
  await expect(p.getByRole("heading", { name: "You are invited" })).toBeVisible();
  await expect(p.getByText(`Join ${otherName} as member.`)).toBeVisible();
  await p.getByRole("button", { name: "Accept" }).click();
  await expect(p).toHaveURL(new RegExp(`/app/${other}/endpoints$`));
  await expect(p.getByRole("combobox", { name: "Workspace" }).locator("option")).toHaveCount(2);
  await p.goto(link);
  await expect(p.getByRole("heading", { name: "Invitation not valid" })).toBeVisible();
  await ctx.close();

  await page.goto(`/app/${other}/settings/members`);
  await expect(page.getByTestId(`member-${user}`)).toBeVisible();
  await expect(page.getByTestId(`invitation-${user}`)).toContainText("accepted");
});

test("members and viewers see no invite form and no invitations", async ({ page }) => {
  const instanceId = await createInstance(page, unique("NoInvite"));
  const pending = `${unique("pending")}@penaxtra.test`;
  await invite(page, instanceId, pending, "viewer");
  for (const role of ["member", "viewer"]) {
    const p = await inviteAndJoin(page, instanceId, `${unique(role)}@penaxtra.test`, role);
    await p.goto(`/app/${instanceId}/settings/members`);
    await expect(p.getByRole("heading", { name: "Members" })).toBeVisible();
    await expect(p.getByText("Invite a member")).toHaveCount(0);
    await expect(p.getByRole("button", { name: "Create invitation" })).toHaveCount(0);
    await expect(p.getByRole("heading", { name: "Invitations" })).toHaveCount(0);
    await expect(p.getByText(pending)).toHaveCount(0);
    await p.context().close();
  }
});

test("the invite action replayed by a member or an outsider is refused and creates nothing", async ({ page }) => {
  const instanceId = await createInstance(page, unique("Guarded"));
  const elsewhere = await createInstance(page, unique("Elsewhere"));
  const member = await inviteAndJoin(page, instanceId, `${unique("member")}@penaxtra.test`, "member");
  const outsider = await inviteAndJoin(page, elsewhere, `${unique("outsider")}@penaxtra.test`, "owner");

  // Capture the real "Create invitation" call as the superadmin sends it, without letting it through.
  await page.goto(`/app/${instanceId}/settings/members`);
  const intruder = `${unique("intruder")}@penaxtra.test`;
  await page.getByLabel("Email").fill(intruder);
  await page.getByLabel("Role", { exact: true }).selectOption("owner");
  const action = await captureAction(page, () => page.getByRole("button", { name: "Create invitation" }).click());

  const asMember = await replayAction(member.request, action);
  const memberText = await asMember.text();
  expect(memberText).toContain('"code":"forbidden"');
  expect(memberText).not.toContain("/invite/");
  const asOutsider = await replayAction(outsider.request, action);
  const outsiderText = await asOutsider.text();
  expect(outsiderText).toContain('"code":"not_found"');
  expect(outsiderText).not.toContain("/invite/");
  await member.context().close();
  await outsider.context().close();

  await page.goto(`/app/${instanceId}/settings/members`);
  await expect(page.getByTestId(`member-${intruder}`)).toHaveCount(0);
  await expect(page.getByTestId(`invitation-${intruder}`)).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
});
