/**
 * How an evaluation answers its questions, as plain data (it travels in queue jobs): a planner writes a
 * program (the rule planner, or a "<provider>:<model>" language model), or a VLM is asked directly.
 */
export type EvalApproach =
  | { readonly kind: "program"; readonly planner: string; readonly plannerBaseUrl?: string }
  | { readonly kind: "direct"; readonly vlm: string };

/** The approach in `value` (e.g. read from a queue job), or undefined when it is not one. */
export function parseEvalApproach(value: unknown): EvalApproach | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { kind, planner, plannerBaseUrl, vlm } = value as Record<string, unknown>;
  if (kind === "direct" && typeof vlm === "string") return { kind, vlm };
  if (kind !== "program" || typeof planner !== "string") return undefined;
  if (plannerBaseUrl === undefined) return { kind, planner };
  return typeof plannerBaseUrl === "string" ? { kind, planner, plannerBaseUrl } : undefined;
}
