// The wire formats and their one-line explanations, without zod: the
// console's client components (the wizard's format cards) import them from
// here so the schemas stay out of their bundle. lib/endpoints/schema.ts
// re-exports them.

// Seed 000's four formats keep their names; embeddings_v1 is the seed-002 service instances' format.
export const WIRE_FORMATS = ["chat_completions_v1", "text_completions_v1", "messages_v1", "custom_template", "embeddings_v1"] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];

export const WIRE_FORMAT_HELP: Record<WireFormat, string> = {
  chat_completions_v1: "OpenAI-style chat completions: messages in, choices[].message out.",
  text_completions_v1: "OpenAI-style text completions: a prompt in, choices[].text out.",
  messages_v1: "Anthropic-style messages: messages in, content[] blocks out.",
  custom_template: "Any JSON API: your request template in, the text read at a JSONPath.",
  embeddings_v1: "OpenAI-style embeddings: input text in, data[].embedding vectors out.",
};
