import { z } from "zod";
import {
  createEndpointSchema,
  endpointRuleIssues,
  updateEndpointSchema,
  type CreateEndpointInput,
  type EndpointView,
  type UpdateEndpointValues,
} from "@/lib/endpoints/schema";

// The zod-free part (defaults, labels, option types, the basics step's field
// list) is in ./values, for the wizard's client components; re-exported here.
export { BASICS_DEFAULTS, BASICS_FIELDS, CONNECTION_DEFAULTS, WIRE_FORMAT_LABEL, type OwnerOption, type SecretOption, type StandardOption } from "./values";

// The wizard's steps and the edit form, on the API's own schemas. zod refuses
// .pick on a refined object, so the fields come from the schema's shape, are
// picked, and the rules between fields (endpointRuleIssues) are added back.
// One difference: the request template is typed as JSON text; parsed, it
// meets the API's rule.

const createFields = z.strictObject(createEndpointSchema.shape);
const updateFields = z.strictObject(updateEndpointSchema.shape);

const templateText = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: text.trim() ? "This is not valid JSON" : "Enter the request body as JSON, with {{prompt}} where the prompt goes" });
      return z.NEVER;
    }
  })
  .pipe(createFields.shape.request_template);

function rules(v: Parameters<typeof endpointRuleIssues>[0], ctx: z.RefinementCtx) {
  for (const i of endpointRuleIssues(v)) ctx.addIssue({ code: "custom", path: [i.field], message: i.message });
}

export const basicsStepSchema = createFields.pick({ name: true, tags: true, owner_user_id: true, description: true });

export const connectionStepSchema = createFields
  .pick({ url: true, wire_format: true, model: true, auth_header: true, auth_value_secret_ref: true, api_standard: true, dimensions: true, response_path: true })
  .extend({ request_template: templateText.nullish() })
  .superRefine(rules);

export const editEndpointSchema = updateFields.omit({ status: true }).extend({ request_template: templateText.nullish() }).superRefine(rules);

export type BasicsValues = z.input<typeof basicsStepSchema>;
export type ConnectionValues = z.input<typeof connectionStepSchema>;
export type EditValues = z.input<typeof editEndpointSchema>;

/** The create request from the two steps' values, or the first step that does not pass. */
export function createPayload(basics: BasicsValues, connection: ConnectionValues): { ok: true; value: CreateEndpointInput } | { ok: false; step: 1 | 2 } {
  const b = basicsStepSchema.safeParse(basics);
  if (!b.success) return { ok: false, step: 1 };
  const c = connectionStepSchema.safeParse(connection);
  if (!c.success) return { ok: false, step: 2 };
  const { description, ...rest } = b.data;
  return { ok: true, value: { ...rest, ...(description ? { description } : {}), ...withoutNulls(c.data) } };
}

function withoutNulls<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

/** The edit form's starting values: the endpoint as stored, the template as indented JSON text. */
export function editDefaults(e: EndpointView): EditValues {
  return {
    name: e.name,
    tags: e.tags,
    owner_user_id: e.owner_user_id,
    description: e.description ?? "",
    url: e.url,
    wire_format: e.wire_format,
    model: e.model,
    auth_header: e.auth_header,
    auth_value_secret_ref: e.auth_value_secret_ref,
    api_standard: e.api_standard,
    dimensions: e.dimensions ?? null,
    request_template: e.request_template === null ? null : JSON.stringify(e.request_template, null, 2),
    response_path: e.response_path,
  };
}

/** The PATCH for an edit: only the fields whose value differs from the stored endpoint. */
export function changedFields(e: EndpointView, out: z.output<typeof editEndpointSchema>): UpdateEndpointValues {
  const after: Record<string, unknown> = { ...out, description: out.description || null };
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => !same(v, e[k as keyof EndpointView]))) as UpdateEndpointValues;
}
