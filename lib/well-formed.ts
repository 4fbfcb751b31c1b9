// PostgreSQL's text and jsonb, and Prisma's query engine, refuse an unpaired
// UTF-16 surrogate: a string holding one fails the whole statement. JSON's
// "\uD800" parses into one.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** Whether the string holds an unpaired surrogate (String.prototype.isWellFormed, negated). */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** The string with each unpaired surrogate replaced by U+FFFD (String.prototype.toWellFormed). */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATES, "\uFFFD");
}
