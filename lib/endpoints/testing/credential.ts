// How an endpoint's credential is attached (docs/endpoints.md): with
// auth_header "Authorization", a value without a scheme word is sent as
// "Bearer <value>"; any other header gets the value as is.

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*\s+\S/;

export function credentialHeaders(authHeader: string | null, secretValue: string | null): Record<string, string> {
  if (!authHeader || secretValue === null) return {};
  const value = authHeader.toLowerCase() === "authorization" && !HAS_SCHEME.test(secretValue) ? `Bearer ${secretValue}` : secretValue;
  return { [authHeader]: value };
}
