import { DEFAULT_POLICY, type SandboxPolicy } from "../../sandbox/index.ts";

/**
 * How an evaluation answers its questions, as plain data (it travels in queue jobs): a planner writes a
 * program (the rule planner, or a "<provider>:<model>" language model) that runs under `policy`'s sandbox
 * limits (unset ones keep the defaults), or a VLM is asked directly.
 */
export type EvalApproach =
  | { readonly kind: "program"; readonly planner: string; readonly plannerBaseUrl?: string; readonly policy?: Partial<SandboxPolicy> }
  | { readonly kind: "direct"; readonly vlm: string };

/** The approach in `value` (e.g. read from a queue job), or undefined when it is not one. */
export function parseEvalApproach(value: unknown): EvalApproach | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { kind, planner, plannerBaseUrl, vlm, policy } = value as Record<string, unknown>;
  if (kind === "direct" && typeof vlm === "string") return { kind, vlm };
  if (kind !== "program" || typeof planner !== "string") return undefined;
  if (plannerBaseUrl !== undefined && typeof plannerBaseUrl !== "string") return undefined;
  const limits = parseSandboxPolicy(policy);
  if (limits === undefined) return undefined;
  return { kind, planner, ...(plannerBaseUrl === undefined ? {} : { plannerBaseUrl }), ...(Object.keys(limits).length === 0 ? {} : { policy: limits }) };
}

/**
 * Sandbox limits read from plain data (a queue job, a run's hash): only the policy's own fields, each a
 * finite number ≥ 0; undefined for anything else ({} for undefined).
 */
export function parseSandboxPolicy(value: unknown): Partial<SandboxPolicy> | undefined {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  const valid = entries.every(([field, limit]) => field in DEFAULT_POLICY && typeof limit === "number" && Number.isFinite(limit) && limit >= 0);
  return valid ? (Object.fromEntries(entries) as Partial<SandboxPolicy>) : undefined;
}
