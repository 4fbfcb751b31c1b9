// Endpoint URLs: what is accepted, and the key duplicates are found by.

export type UrlProblem = { message: string };

/** Parses an endpoint URL; answers the URL or what is wrong with it. */
export function parseEndpointUrl(raw: string): URL | UrlProblem {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { message: "Enter an absolute URL such as https://api.example.com/v1/chat/completions" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { message: "Use an http or https URL" };
  if (url.username || url.password) return { message: "Put credentials in a secret, not in the URL" };
  if (raw.includes("#")) return { message: "Remove the #fragment: it is never sent to the server" };
  if (!url.hostname) return { message: "The URL needs a host" };
  return url;
}

/** Percent-escapes of unreserved characters (RFC 3986 §6.2.2.2) mean the character itself. */
const decodeUnreserved = (s: string) => s.replace(/%([0-9A-Fa-f]{2})/g, (m, hex: string) => {
  const c = String.fromCharCode(parseInt(hex, 16));
  return /[A-Za-z0-9\-._~]/.test(c) ? c : m.toUpperCase();
});

/**
 * The key that makes two URLs the same endpoint: scheme and host in lower
 * case (the URL parser does both, and spells IP addresses one way), the
 * default port dropped (likewise), a trailing dot of the host and trailing
 * slashes of the path removed, and escapes of plain characters decoded. The
 * query string is kept (Azure's ?api-version= tells deployments apart).
 */
export function urlKey(url: URL, canonicalHost: (host: string) => string | null = () => null): string {
  const bare = url.hostname.replace(/\.$/, "");
  const literal = canonicalHost(bare);
  const host = literal ? (literal.includes(":") ? `[${literal}]` : literal) : bare;
  const path = decodeUnreserved(url.pathname).replace(/\/+$/, "");
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ""}${path}${decodeUnreserved(url.search)}`;
}
