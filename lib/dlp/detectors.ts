// The built-in DLP detectors: every instance has them, on and blocking until
// an admin switches one off or sets it to report-only. Each is a function
// text → match? that never returns what it matched.
//
// Linear time: every pattern starts at a boundary (a lookbehind of one
// character, so a long run is entered once, not at each of its characters)
// and every quantifier is bounded or followed by nothing that can fail, so a
// start position costs at most a constant number of steps. Candidates are
// then checked in code (Luhn, mod-97, SSN ranges).

export type Detector = { id: string; name: string; description: string; test(text: string): boolean };

/** Whether a candidate of a global pattern passes the check; after a failed one the search resumes one character later. */
function some(re: RegExp, text: string, check: (m: RegExpExecArray) => boolean): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (check(m)) return true;
    re.lastIndex = m.index + 1;
  }
  return false;
}

// E-mail: local@label(.label)*.tld with a letter-only TLD of 2–24 characters;
// "user@localhost" (no TLD) is not an address.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/;

/** Luhn (mod 10) over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

// Up to 19 digits from 2 to 6 (where every card network's prefix starts),
// optionally grouped by single spaces or hyphens, starting a number.
const CARD = /(?<![\d-])[2-6](?:[ -]?\d){12,18}/g;
// Issuer prefixes of the major networks: Visa 4; Mastercard 51–55 and
// 2221–2720; Maestro 50, 56–58; Amex 34, 37; JCB 35; Diners Club 30, 36,
// 38, 39; Discover, UnionPay and Maestro 6.
const CARD_ISSUER = /^(?:[456]|3[04-9]|2(?:22[1-9]|2[3-9]|[3-6]|7[01]|720))/;

/** A card: a prefix of the candidate that ends where a digit group ends, 13–19 digits long, passing Luhn. */
function paymentCard(text: string): boolean {
  return some(CARD, text, (m) => {
    let digits = "";
    const groupEnds: number[] = [];
    for (const c of m[0]) {
      if (c === " " || c === "-") groupEnds.push(digits.length);
      else digits += c;
    }
    const next = text.charCodeAt(m.index + m[0].length);
    if (!(next >= 48 && next <= 57)) groupEnds.push(digits.length); // not inside a longer number
    return CARD_ISSUER.test(digits) && groupEnds.some((n) => n >= 13 && luhnValid(digits.slice(0, n)));
  });
}

// API keys by their documented shapes; the boundary keeps "xsk-…" out. Only
// enough of the key to be sure is matched, so nothing after it can fail.
const API_KEY = new RegExp(
  "(?<![A-Za-z0-9_-])(?:" +
    [
      "sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20}", // OpenAI project, service-account and admin keys
      "sk-ant-[A-Za-z0-9_-]{20}", // Anthropic (sk-ant-api03-…, sk-ant-admin01-…)
      "sk-[A-Za-z0-9]{32}", // OpenAI legacy user keys
      "(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![0-9A-Z])", // AWS access key ids
      "AIza[0-9A-Za-z_-]{35}", // Google API keys
      "gh[pousr]_[A-Za-z0-9]{36}", // GitHub classic tokens
      "github_pat_[A-Za-z0-9_]{50}", // GitHub fine-grained tokens
      "xox[abpr]-[0-9]{6,14}-[0-9A-Za-z-]{10}", // Slack bot, user and app tokens
      "(?:sk|rk)_live_[0-9A-Za-z]{20}", // Stripe live secret and restricted keys
      "pnx_[0-9A-Za-z]{36}(?![0-9A-Za-z])", // Penaxtra API tokens
    ].join("|") +
    ")",
);

// PEM and OpenSSH private keys (RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS#8) and PGP private key blocks.
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----/;

// AAA-GG-SSSS with one separator used twice. Never issued: area 000, 666 and
// 900–999, group 00, serial 0000; and the Woolworth wallet card's 078-05-1120.
const SSN = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g;

function usSsn(text: string): boolean {
  return some(SSN, text, ([whole, area, , group, serial]) => {
    if (area === "000" || area === "666" || area[0] === "9") return false;
    if (group === "00" || serial === "0000") return false;
    return whole.replace(/ /g, "-") !== "078-05-1120";
  });
}

// IBAN: country, check digits, then up to 30 alphanumerics, compact or in groups of four.
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g;

// Lengths of the countries that publish IBANs; an unknown country needs 15–34.
const IBAN_LENGTHS: Record<string, number> = Object.fromEntries(
  ("AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ES24 FI18 FO18 FR27 " +
    "GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 " +
    "ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 " +
    "TR26 UA29 VA22 VG24 XK20")
    .split(" ")
    .map((e) => [e.slice(0, 2), Number(e.slice(2))]),
);

/** ISO 13616 check: move the first four characters to the end, letters to 10–35, the number mod 97 is 1. */
export function ibanValid(compact: string): boolean {
  const expected = IBAN_LENGTHS[compact.slice(0, 2)];
  if (expected ? compact.length !== expected : compact.length < 15 || compact.length > 34) return false;
  let rest = 0;
  for (const ch of compact.slice(4) + compact.slice(0, 4)) {
    const code = ch.charCodeAt(0);
    const value = code <= 57 ? code - 48 : code - 55;
    rest = (value > 9 ? rest * 100 + value : rest * 10 + value) % 97;
  }
  return rest === 1;
}

function iban(text: string): boolean {
  return some(IBAN, text, (m) => ibanValid(m[0].replace(/ /g, "")));
}

/** Every built-in detector, in the order rules are listed and evaluated. */
export const DETECTORS = [
  { id: "email", name: "E-mail address", description: "An address such as jane.doe@example.com (a domain with a top-level domain).", test: (t) => EMAIL.test(t) },
  { id: "payment_card", name: "Payment card number", description: "13–19 digits with a card network's prefix that pass the Luhn check, spaced or not.", test: paymentCard },
  {
    id: "api_key",
    name: "API key",
    description: "Keys of OpenAI, Anthropic, AWS, Google, GitHub, Slack, Stripe and Penaxtra, by their published shapes.",
    test: (t) => API_KEY.test(t),
  },
  { id: "private_key", name: "Private key block", description: "A -----BEGIN … PRIVATE KEY----- block (PEM, OpenSSH, PGP).", test: (t) => PRIVATE_KEY.test(t) },
  { id: "us_ssn", name: "US Social Security number", description: "AAA-GG-SSSS outside the ranges never issued.", test: usSsn },
  { id: "iban", name: "IBAN", description: "An international bank account number with valid check digits (mod 97).", test: iban },
] as const satisfies readonly Detector[];

export type BuiltinDetector = (typeof DETECTORS)[number];
export type DetectorId = BuiltinDetector["id"];

export const DETECTOR_IDS = DETECTORS.map((d) => d.id) as [DetectorId, ...DetectorId[]];

export function detectorById(id: string): BuiltinDetector | undefined {
  return DETECTORS.find((d) => d.id === id);
}
