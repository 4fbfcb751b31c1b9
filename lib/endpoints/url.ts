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

/**
 * The key that makes two URLs the same endpoint: scheme and host in lower
 * case (the URL parser does both), the default port dropped (likewise), and
 * trailing slashes of the path removed. The query string is kept as given
 * (Azure's ?api-version= tells deployments apart).
 */
export function urlKey(url: URL): string {
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}${url.search}`;
}
