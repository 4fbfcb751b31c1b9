import { describe, expect, it } from "vitest";
import { generateToken } from "@/lib/tokens/format";
import { DETECTORS, detectorById, ibanValid, luhnValid, type DetectorId } from "./detectors";

// Each built-in detector with text that must match and text that must not.
// Samples are the providers' documented example shapes, not live credentials.

const fake = (prefix: string, length: number, alphabet = "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xYz") =>
  prefix + Array.from({ length }, (_, i) => alphabet[(i * 7) % alphabet.length]).join("");

const SAMPLES: Record<DetectorId, { match: string[]; miss: string[] }> = {
  email: {
    match: ["write to jane.doe@example.com today", "<a.b+tag@mail.example.co.uk>", '{"to":"ops@corp.example.io"}', "X@Y.ORG."],
    miss: ["user@localhost", "admin@intranet", "@example.com", "jane.doe at example dot com", "name@example.c", "version 1.2@3.4"],
  },
  payment_card: {
    match: ["card 4111 1111 1111 1111 exp 12/29", "4111111111111111", "5555-5555-5555-4444", "amex 378282246310005", '"pan":"6011111111111117"', "12 4111 1111 1111 1111"],
    miss: [
      "4111 1111 1111 1112", // Luhn-invalid
      "4111111111111112",
      "1234567812345670", // Luhn-valid, but no card network starts with 1
      "order 41111111111111111111 shipped", // a longer number
      "4111 1111 1111", // too short
      "phone +1 415 555 0100",
    ],
  },
  api_key: {
    match: [
      `OPENAI_API_KEY=${fake("sk-proj-", 48)}`,
      fake("sk-", 48),
      `key: ${fake("sk-ant-api03-", 60)}`,
      "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
      fake("AIza", 35),
      fake("ghp_", 36),
      fake("github_pat_", 82, "A1b2C3d4E5_"),
      "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
      fake("sk_live_", 24),
      `Authorization: Bearer ${generateToken()}`,
    ],
    miss: [
      "sk-short",
      "the task-sk-proj-ect plan",
      fake("xsk-", 48, "abcdef-"),
      "AKIA1234", // too short
      "AKIAIOSFODNN7EXAMPLEX", // longer than an access key id
      fake("sk_test_", 24), // Stripe test keys are not secrets
      "ghp_short",
      "pnx_abc",
    ],
  },
  private_key: {
    match: [
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...",
      '"key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQ..."',
      "-----BEGIN OPENSSH PRIVATE KEY-----",
      "-----BEGIN ENCRYPTED PRIVATE KEY-----",
      "-----BEGIN EC PRIVATE KEY-----",
      "-----BEGIN PGP PRIVATE KEY BLOCK-----",
    ],
    miss: ["-----BEGIN PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----", "-----BEGIN OPENSSH PUBLIC KEY-----", "keep your private key private"],
  },
  us_ssn: {
    match: ["SSN 123-45-6789", "ssn: 536 22 1234", "(212-09-9999)"],
    miss: [
      "000-12-3456", // area 000
      "666-12-3456", // area 666
      "912-12-3456", // area 900–999
      "123-00-4567", // group 00
      "123-45-0000", // serial 0000
      "078-05-1120", // the Woolworth wallet card
      "123-45 6789", // mixed separators
      "123456789",
      "call 1-123-45-6789-0",
    ],
  },
  iban: {
    match: ["DE89370400440532013000", "IBAN: DE89 3704 0044 0532 0130 00.", "GB82WEST12345698765432", "pay to FR1420041010050500013M02606"],
    miss: [
      "DE89370400440532013001", // one digit changed
      "DE88370400440532013000", // check digits changed
      "DE8937040044053201300", // one digit short for Germany
      "de89370400440532013000",
      "XDE89370400440532013000",
    ],
  },
};

describe("built-in DLP detectors", () => {
  it("are the six of the issue, in order", () => {
    expect(DETECTORS.map((d) => d.id)).toEqual(["email", "payment_card", "api_key", "private_key", "us_ssn", "iban"]);
  });

  for (const detector of DETECTORS) {
    describe(detector.id, () => {
      const { match, miss } = SAMPLES[detector.id];
      it.each(match)("matches %s", (text) => expect(detector.test(text)).toBe(true));
      it.each(miss)("does not match %s", (text) => expect(detector.test(text)).toBe(false));
    });
  }

  it("Luhn and mod-97 by themselves", () => {
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("79927398710")).toBe(false);
    expect(ibanValid("DE89370400440532013000")).toBe(true);
    expect(ibanValid("DE89370400440532013100")).toBe(false);
    expect(ibanValid("NO9386011117947")).toBe(true);
  });

  it("each finds its sample inside a long text and stays fast on hostile input", () => {
    const filler = "lorem ipsum dolor sit amet ".repeat(4000);
    for (const d of DETECTORS) expect(d.test(`${filler}${SAMPLES[d.id].match[0]} ${filler}`), d.id).toBe(true);
    const hostile = [
      "a".repeat(200_000), // a run without @
      "a.".repeat(100_000) + "@", // an address prefix that never ends
      "1".repeat(200_000), // a run of digits
      "1 ".repeat(100_000), // single digits in groups
      "4 ".repeat(100_000), // single digits that could start a card
      "-".repeat(200_000), // dashes before a BEGIN that never comes
      "DE89 ".repeat(40_000), // IBAN starts that never complete
      "sk-".repeat(60_000),
    ];
    for (const d of DETECTORS) {
      for (const text of hostile) {
        const started = performance.now();
        d.test(text);
        expect(performance.now() - started, `${d.id} on ${text.slice(0, 8)}…`).toBeLessThan(200);
      }
    }
  });

  it("finds a detector by id", () => {
    expect(detectorById("iban")?.name).toBe("IBAN");
    expect(detectorById("nope")).toBeUndefined();
  });
});
