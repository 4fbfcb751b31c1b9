/** Query-string values as a page receives them. */
export type Search = Record<string, string | string[] | undefined>;

/**
 * One value of a page's query string: the first if repeated, undefined if
 * empty, trimmed. NUL characters are dropped (no filter can contain one, and the
 * database refuses them).
 */
export function pickParam(search: Search, key: string): string | undefined {
  const v = search[key];
  return (Array.isArray(v) ? v[0] : v)?.replace(/\u0000/g, "").trim() || undefined;
}
