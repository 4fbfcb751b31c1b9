import { z } from "zod";
import { DETECTOR_IDS } from "./detectors";
import { patternProblem } from "./engine";

// One set of schemas for the DLP rules API, the console's settings page and
// the OpenAPI document.

export const DLP_ACTIONS = ["block", "report"] as const;
export type DlpAction = (typeof DLP_ACTIONS)[number];

export const DLP_ACTION_HELP: Record<DlpAction, string> = {
  block: "A matching test request is not sent; a matching answer fails the test (422 dlp_blocked).",
  report: "A match is recorded with the test's outcome; the test goes on.",
};

/** The id a built-in detector's rule has in every instance. */
export const builtinRuleId = (detector: string) => `builtin:${detector}`;

export const dlpPatternSchema = z
  .string()
  .superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .describe("An RE2 regular expression (no backreferences or lookaround), matched anywhere in the text; prefix (?i) to ignore case");

const fields = {
  name: z.string().trim().min(1, "Name the rule").max(120, "Use at most 120 characters"),
  pattern: dlpPatternSchema,
  action: z.enum(DLP_ACTIONS, { error: `action must be one of: ${DLP_ACTIONS.join(", ")}` }),
  enabled: z.boolean(),
};

/** A custom pattern; unknown fields are refused. */
export const createDlpRuleSchema = z.strictObject({ ...fields, action: fields.action.default("block"), enabled: fields.enabled.default(true) });

export type CreateDlpRuleInput = z.input<typeof createDlpRuleSchema>;
export type CreateDlpRuleValues = z.output<typeof createDlpRuleSchema>;

const patchShape = z.strictObject(fields).partial();
const notEmpty = (v: object) => Object.keys(v).length > 0;

/** PATCH: any subset; a built-in detector takes only action and enabled. */
export const updateDlpRuleSchema = patchShape.refine(notEmpty, "Send at least one field to change");

export type UpdateDlpRuleValues = z.output<typeof updateDlpRuleSchema>;

/** A rule id: builtin:<detector> or dlp_…; its existence is checked by the service. */
export const dlpRuleIdSchema = z.object({ id: z.string().min(1).max(64) });

/** The console's update and delete actions name the rule in their input. */
export const updateDlpRuleActionSchema = patchShape
  .extend({ id: dlpRuleIdSchema.shape.id })
  .refine((v) => Object.keys(v).some((k) => k !== "id"), "Send at least one field to change");
export const deleteDlpRuleActionSchema = z.strictObject({ id: dlpRuleIdSchema.shape.id });

export const dlpRuleViewSchema = z
  .strictObject({
    id: z.string().describe("builtin:<detector> for a built-in detector, dlp_… for a custom pattern"),
    kind: z.enum(["builtin", "custom"]),
    name: z.string(),
    detector: z.enum(DETECTOR_IDS).nullable(),
    pattern: z.string().nullable(),
    action: z.enum(DLP_ACTIONS),
    enabled: z.boolean(),
    updated_at: z.string().nullable().describe("null for a built-in detector never changed in this instance"),
  })
  .meta({ id: "DlpRule" });

export type DlpRuleView = z.infer<typeof dlpRuleViewSchema>;

export const dlpRuleListSchema = z.strictObject({ data: z.array(dlpRuleViewSchema) }).meta({ id: "DlpRuleList" });
