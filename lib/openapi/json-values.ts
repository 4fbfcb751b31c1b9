import type { createDocument } from "zod-openapi";

type Document = ReturnType<typeof createDocument>;

// zod's z.json() (an endpoint's request_template) is a recursive union, which
// zod-openapi renders as a component that refers to itself ("__schema0": a
// string, number, boolean, null, or an array or object of "__schema0").
// openapi-typescript turns such a component into a type that does not compile
// ("referenced directly or indirectly in its own type annotation",
// openapi-ts/openapi-typescript#1603) and silently becomes `any` under
// skipLibCheck, and a renderer shows it by its made-up name. What it means is
// "any JSON value", which JSON Schema says with a schema that constrains
// nothing: every reference to such a component becomes that, and the
// component goes.

const ANY_JSON_VALUE = { description: "Any JSON value" };
const PREFIX = "#/components/schemas/";

/** The exact shape zod-openapi gives a z.json() component named `name`. */
function jsonValueShape(name: string) {
  const self = { $ref: `${PREFIX}${name}` };
  return {
    anyOf: [
      { type: "string" },
      { type: "number" },
      { type: "boolean" },
      { type: "null" },
      { type: "array", items: self },
      { type: "object", propertyNames: { type: "string" }, additionalProperties: self },
    ],
  };
}

function replaceRefs(node: unknown, names: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => replaceRefs(item, names));
  if (!node || typeof node !== "object") return node;
  const { $ref, ...rest } = node as { $ref?: unknown };
  if (typeof $ref === "string" && $ref.startsWith(PREFIX) && names.has($ref.slice(PREFIX.length))) return { ...ANY_JSON_VALUE, ...rest };
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, replaceRefs(value, names)]));
}

/** The document with every z.json() component inlined as the schema of any JSON value. */
export function inlineJsonValues(doc: Document): Document {
  const schemas = doc.components?.schemas ?? {};
  const names = new Set(Object.keys(schemas).filter((name) => JSON.stringify(schemas[name]) === JSON.stringify(jsonValueShape(name))));
  if (names.size === 0) return doc;
  const out = replaceRefs(doc, names) as Document;
  for (const name of names) delete out.components?.schemas?.[name];
  return out;
}
