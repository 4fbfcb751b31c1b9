import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { SUPERADMIN_STATE, facts, recordCleartext, unique } from "./fixtures";

// scripts/server.mjs stamps the socket address as x-penaxtra-peer-ip and drops
// whatever a client sent under that name; with no trusted proxy configured,
// X-Forwarded-For is ignored too. A client therefore cannot claim an address
// to get past a token's IP allowlist, nor lose access by claiming another.

test.use({ storageState: SUPERADMIN_STATE });

async function mintInUi(page: Page, instanceId: string, name: string, cidrs: string): Promise<string> {
  await page.goto(`/app/${instanceId}/settings/tokens/new`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("audit:read").check();
  await page.getByLabel("IP allowlist (optional)").fill(cidrs);
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByLabel("New token");
  await expect(shown).toBeVisible();
  const token = (await shown.innerText()).trim();
  recordCleartext(token);
  return token;
}

const self = (request: APIRequestContext, token: string, headers: Record<string, string>) =>
  request.get("/api/v2/tokens/self", { headers: { authorization: `Bearer ${token}`, ...headers } });

test("a client-sent x-penaxtra-peer-ip or X-Forwarded-For does not change the client IP", async ({ page, request }) => {
  const instanceId = facts().firstInstanceId;
  const localName = unique("local-only");
  const fenced = await mintInUi(page, instanceId, unique("fenced-10.9.9.9"), "10.9.9.9/32");
  const local = await mintInUi(page, instanceId, localName, "127.0.0.1/32");

  // Claiming the allowed address does not get in.
  const claims: Record<string, string>[] = [
    { "x-penaxtra-peer-ip": "10.9.9.9" },
    { "X-Penaxtra-Peer-IP": "10.9.9.9" },
    { "x-forwarded-for": "10.9.9.9" },
    { "x-penaxtra-peer-ip": "10.9.9.9", "x-forwarded-for": "10.9.9.9", "x-real-ip": "10.9.9.9" },
  ];
  for (const headers of claims) {
    const res = await self(request, fenced, headers);
    expect(res.status(), JSON.stringify(headers)).toBe(403);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    expect((await res.json()).code).toBe("ip_not_allowed");
  }

  // Claiming another address does not lock the real one out.
  const others: Record<string, string>[] = [{}, { "x-penaxtra-peer-ip": "10.0.0.1" }, { "x-penaxtra-peer-ip": "10.0.0.1", "x-forwarded-for": "10.0.0.1" }];
  for (const headers of others) {
    const res = await self(request, local, headers);
    expect(res.status(), JSON.stringify(headers)).toBe(200);
  }

  // The audit log records the socket address, not the claimed one. (Refusals are
  // counted per minute and written when it ends, so only answered requests are checked.)
  const audit = async () => {
    const res = await request.get("/api/v2/audit?path=%2Fapi%2Fv2%2Ftokens%2Fself&limit=200", { headers: { authorization: `Bearer ${local}` } });
    expect(res.status()).toBe(200);
    const events = (await res.json()).data as { client_ip: string | null; actor_label: string | null }[];
    return events.filter((e) => e.actor_label === localName);
  };
  await expect.poll(async () => (await audit()).length).toBeGreaterThanOrEqual(others.length);
  expect(new Set((await audit()).map((e) => e.client_ip))).toEqual(new Set(["127.0.0.1"]));
});
