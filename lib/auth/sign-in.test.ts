import { describe, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeUser, TEST_PASSWORD } from "@/test/factories";
import { freshIp } from "@/test/api";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { flushAudit } from "@/lib/audit/writer";
import { listAuditEvents } from "@/lib/audit/service";
import { auditQuerySchema } from "@/lib/audit/schema";
import { signInWithPassword, slowdownMs } from "./sign-in";
import * as password from "./password";

// Sign-in throttling: the budget is taken before the password is hashed, so
// parallel guesses cannot overdraw it; a guesser gets 10 tries per account
// from one client (IPv6 by /64); nobody can lock the owner out from
// elsewhere, only slow the account down; failures and throttling are audited
// in the control-plane log.

vi.mock("./password", async (importOriginal) => {
  const real = await importOriginal<typeof import("./password")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const checks = vi.mocked(password.verifyPassword);

type Outcome = "ok" | "unauthenticated" | "rate_limited" | string;

async function attempt(email: string, pw: string, ip: string): Promise<Outcome> {
  try {
    await signInWithPassword(email, pw, ip);
    return "ok";
  } catch (e) {
    return isAppError(e) ? e.code : String(e);
  }
}

const tally = (outcomes: Outcome[]) => outcomes.reduce<Record<string, number>>((t, o) => ({ ...t, [o]: (t[o] ?? 0) + 1 }), {});

/** Distinct IPv6 /64s for each run of a suite (the in-memory budgets outlive a suite). */
let v6Net = 0x200;

describe("slowdownMs", () => {
  it("is zero below 10 recent failures, then grows by 250 ms a failure, capped at 3 s", () => {
    expect([0, 1, 9].map(slowdownMs)).toEqual([0, 0, 0]);
    expect([10, 11, 12, 15].map(slowdownMs)).toEqual([250, 500, 750, 1500]);
    expect([21, 22, 100, 1_000_000].map(slowdownMs)).toEqual([3000, 3000, 3000, 3000]);
  });
});

describeWithDatabase("sign-in throttling", () => {
  it("lets at most 10 of 12 parallel wrong guesses (one account, one IP) reach the password check", async () => {
    const user = await makeUser();
    const ip = freshIp();
    checks.mockClear();
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => attempt(user.email, "wrong-password-guess", ip)));
    const t = tally(outcomes);
    expect(Object.keys(t).sort()).toEqual(["rate_limited", "unauthenticated"]);
    expect(t.unauthenticated).toBeLessThanOrEqual(10);
    expect(t.unauthenticated + t.rate_limited).toBe(12);
    expect(checks).toHaveBeenCalledTimes(t.unauthenticated);

    // Both kinds are audited in the control-plane log, anonymously, naming the account.
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { target: user.email } });
    expect(rows.every((r) => r.instanceId === null && r.actorType === "anonymous" && r.clientIp === ip)).toBe(true);
    expect(rows.filter((r) => r.action === "auth.sign_in_failed" && r.status === 401)).toHaveLength(t.unauthenticated);
    expect(rows.filter((r) => r.action === "auth.sign_in_throttled" && r.status === 429)).toHaveLength(t.rate_limited);
    const failed = await listAuditEvents(null, auditQuerySchema.parse({ action: "auth.sign_in_failed", limit: 200 }));
    expect(failed.data.filter((e) => e.target === user.email)).toHaveLength(t.unauthenticated);
  });

  it("does not lock the owner out: after 10+ failures from IP A the right password works from IP B (slowed down)", async () => {
    const user = await makeUser();
    const attacker = freshIp();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 12; i++) outcomes.push(await attempt(user.email, `guess-${i}`, attacker));
    expect(outcomes).toEqual([...Array(10).fill("unauthenticated"), "rate_limited", "rate_limited"]);

    const started = performance.now();
    expect(await attempt(user.email, TEST_PASSWORD, freshIp())).toBe("ok");
    expect(performance.now() - started).toBeGreaterThanOrEqual(slowdownMs(10) - 10);
    // A third client may still try (and fail) too: the account is never locked.
    expect(await attempt(user.email, "still-wrong-password", freshIp())).toBe("unauthenticated");
  });

  it("gives a successful sign-in's points back", async () => {
    const user = await makeUser();
    const ip = freshIp();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 9; i++) outcomes.push(await attempt(user.email, `guess-${i}`, ip));
    outcomes.push(await attempt(user.email, TEST_PASSWORD, ip));
    outcomes.push(await attempt(user.email, "one-more-guess", ip));
    outcomes.push(await attempt(user.email, "and-another-guess", ip));
    expect(outcomes).toEqual([...Array(9).fill("unauthenticated"), "ok", "unauthenticated", "rate_limited"]);

    // Many successful sign-ins from one client (an office behind one address) are never throttled.
    const colleague = await makeUser();
    const office = freshIp();
    for (let i = 0; i < 31; i++) expect(await attempt(colleague.email, TEST_PASSWORD, office)).toBe("ok");
  }, 60_000);

  it("gives the IPv6 addresses of one /64 one budget per account, and another /64 its own", async () => {
    const user = await makeUser();
    v6Net += 2;
    const net = `2001:db8:${(process.pid % 0xffff).toString(16)}:${v6Net.toString(16)}`;
    const outcomes: Outcome[] = [];
    for (let i = 1; i <= 10; i++) outcomes.push(await attempt(user.email, `guess-${i}`, `${net}:${i.toString(16)}::${(i * 31).toString(16)}`));
    expect(outcomes).toEqual(Array(10).fill("unauthenticated"));
    expect(await attempt(user.email, "rotated-address", `${net}:ffff:ffff:ffff:1`)).toBe("rate_limited");
    expect(await attempt(user.email, TEST_PASSWORD, `${net}::beef`)).toBe("rate_limited");
    const neighbour = `2001:db8:${(process.pid % 0xffff).toString(16)}:${(v6Net + 1).toString(16)}::1`;
    expect(await attempt(user.email, "another-network", neighbour)).toBe("unauthenticated");
  });

  it("audits a failed sign-in for an unknown e-mail the same way, in the control-plane log", async () => {
    const email = `nobody-${Date.now()}@example.test`;
    const ip = freshIp();
    expect(await attempt(email, "whatever-password", ip)).toBe("unauthenticated");
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { target: email } });
    expect(rows.map((r) => [r.instanceId, r.action, r.status, r.actorType, r.clientIp])).toEqual([[null, "auth.sign_in_failed", 401, "anonymous", ip]]);
  });

  it("audits a failed sign-in whose e-mail holds a lone surrogate (the lookup used to throw first)", async () => {
    const ip = freshIp();
    const local = `lone-${Date.now()}`;
    expect(await attempt(`${local}\uD800@example.test`, "whatever-password", ip)).toBe("unauthenticated");
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { clientIp: ip } });
    expect(rows.map((r) => [r.action, r.status, r.target])).toEqual([["auth.sign_in_failed", 401, `${local}\uFFFD@example.test`]]);
  });
});
