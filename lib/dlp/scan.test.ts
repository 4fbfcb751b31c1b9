import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { CLI } from "@/lib/auth/actor";
import { createDlpRule, dlpScanner, updateDlpRule } from "./service";

// dlpScanner, the one scan endpoint tests use: which rule blocks, which
// report, and that nothing it answers carries the matched text.

const scanForDlp = async (instanceId: string, texts: string[]) => (await dlpScanner(instanceId))(texts);

const CARD = "4111 1111 1111 1111";
const SSN = "123-45-6789";
const IBAN = "DE89370400440532013000";

describeWithDatabase("dlpScanner", () => {
  let instanceId: string;
  let codename: string;
  let report: string;

  beforeAll(async () => {
    instanceId = (await makeInstance("DLP scan")).id;
    codename = (await createDlpRule(instanceId, { name: "Codename", pattern: "(?i)project[- ]falcon", action: "block", enabled: true }, CLI)).id;
    report = (await createDlpRule(instanceId, { name: "Ticket ids", pattern: "\\bTCK-\\d{5}\\b", action: "report", enabled: true }, CLI)).id;
  });

  const noText = (result: unknown, ...secrets: string[]) => {
    const json = JSON.stringify(result);
    for (const s of secrets) expect(json).not.toContain(s);
    expect(Object.keys(result as object).sort()).toEqual(["blocked", "reported"]);
  };

  it("finds nothing in clean text", async () => {
    expect(await scanForDlp(instanceId, ["Say hello in one word.", '{"model":"m","messages":[]}'])).toEqual({ blocked: null, reported: [] });
  });

  it("blocks on a default built-in, naming the rule and never the text", async () => {
    const result = await scanForDlp(instanceId, ["clean", `{"prompt":"charge card ${CARD} please"}`]);
    expect(result).toEqual({ blocked: { ruleId: "builtin:payment_card", ruleName: "Payment card number" }, reported: [] });
    noText(result, CARD, "4111");
  });

  it("blocks on a custom pattern, and reports a report-only match alongside", async () => {
    const result = await scanForDlp(instanceId, ["About Project Falcon, see TCK-12345"]);
    expect(result).toEqual({ blocked: { ruleId: codename, ruleName: "Codename" }, reported: [{ ruleId: report, ruleName: "Ticket ids" }] });
    noText(result, "Falcon", "TCK-12345");
  });

  it("the first blocking rule in list order wins (built-ins first)", async () => {
    const result = await scanForDlp(instanceId, [`project falcon ${SSN}`]);
    expect(result.blocked?.ruleId).toBe("builtin:us_ssn");
  });

  it("reports a built-in set to report-only, and ignores one switched off", async () => {
    await updateDlpRule(instanceId, "builtin:us_ssn", { action: "report" }, CLI);
    const reported = await scanForDlp(instanceId, [`ssn ${SSN}`]);
    expect(reported).toEqual({ blocked: null, reported: [{ ruleId: "builtin:us_ssn", ruleName: "US Social Security number" }] });
    noText(reported, SSN);

    await updateDlpRule(instanceId, "builtin:iban", { enabled: false }, CLI);
    expect(await scanForDlp(instanceId, [`IBAN ${IBAN}`])).toEqual({ blocked: null, reported: [] });
    await updateDlpRule(instanceId, codename, { enabled: false }, CLI);
    expect(await scanForDlp(instanceId, ["project falcon"])).toEqual({ blocked: null, reported: [] });
  });

  it("only the instance's own rules apply", async () => {
    const other = (await makeInstance("DLP scan other")).id;
    expect(await scanForDlp(other, ["TCK-12345 project falcon"])).toEqual({ blocked: null, reported: [] });
    expect((await scanForDlp(other, [`IBAN ${IBAN}`])).blocked?.ruleId).toBe("builtin:iban");
  });

  it("a pathological custom pattern does not hold up the scan", async () => {
    await createDlpRule(instanceId, { name: "Pathological", pattern: "(a+)+$", action: "report", enabled: true }, CLI);
    const started = performance.now();
    const result = await scanForDlp(instanceId, ["a".repeat(100 * 1024) + "!"]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.reported.map((r) => r.ruleName)).not.toContain("Pathological");
  });
});
