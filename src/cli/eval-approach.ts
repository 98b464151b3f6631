import type { SandboxIsolation } from "../../sandbox/index.ts";
import { createAgent } from "../agent/agent.ts";
import { ViperError } from "../errors/index.ts";
import type { EvalApproach } from "../eval/approach.ts";
import { createAgentAnswerer } from "../eval/answerers/agent-answerer.ts";
import { createDirectAnswerer, noVlmForDirectError } from "../eval/answerers/direct-answerer.ts";
import type { QuestionAnswerer } from "../eval/question-answerer.ts";
import type { Perception } from "../tools/create-perception.ts";
import { policyFromOptions, withLimitFlags } from "./limit-options.ts";
import { plannerFromOptions } from "./planner-option.ts";

/**
 * The approach `viper eval`'s options ask for: `--direct` with the `--vlm` it asks, or programs from
 * `--planner` (default rules) under the sandbox limit options.
 * @throws ViperError CONFIG_INVALID for --direct with --planner, or --direct without --vlm.
 */
export function approachFromOptions(values: Record<string, unknown>): EvalApproach {
  const text = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  if (values.direct === true) {
    if (text("planner") !== undefined) throw new ViperError({ code: "CONFIG_INVALID", message: "--direct asks the VLM without a program; drop --planner or --direct.", details: { option: "--planner" } });
    const vlm = text("vlm");
    if (vlm === undefined) throw noVlmForDirectError();
    return { kind: "direct", vlm };
  }
  const plannerBaseUrl = text("planner-base-url");
  const policy = policyFromOptions(values);
  return {
    kind: "program",
    planner: text("planner") ?? "rules",
    ...(plannerBaseUrl === undefined ? {} : { plannerBaseUrl }),
    ...(Object.keys(policy).length === 0 ? {} : { policy }),
  };
}

/** How an approach is named in manifests and summaries: "program (<planner id>)" or "direct (<vlm>)". */
export function approachId(approach: EvalApproach): string {
  if (approach.kind === "direct") return `direct (${approach.vlm})`;
  return `program (${plannerFromOptions({ planner: approach.planner, plannerBaseUrl: approach.plannerBaseUrl }).id})`;
}

/**
 * An answerer for an approach over `perception`: the agent with the approach's planner and sandbox limits,
 * or the VLM that `--vlm` configured, asked directly. `dispose` (default: nothing) is what the answerer's
 * dispose does; `isolation` (default: in process) is where the programs run. A recorded error of a tripped
 * limit names its command-line flag, as run and ask print it.
 */
export function answererForApproach(options: { approach: EvalApproach; perception: Perception; isolation?: SandboxIsolation | undefined; dispose?: () => Promise<void> }): QuestionAnswerer {
  const { approach, perception, isolation, dispose } = options;
  if (approach.kind === "direct") {
    // Only the VLM that --vlm configured answers: pixel analysis and photo colours answer narrow questions
    // and are not part of the baseline.
    const vlmIds = perception.vlm ? [perception.vlm.id] : [];
    return createDirectAnswerer({ perception, vlmIds, label: approach.vlm, dispose });
  }
  const planner = plannerFromOptions({ planner: approach.planner, plannerBaseUrl: approach.plannerBaseUrl });
  const answerer = createAgentAnswerer({ agent: createAgent({ planner, perception, policy: approach.policy, isolation }), dispose });
  return {
    ...answerer,
    answer: (request) =>
      answerer.answer(request).catch((error: unknown) => {
        throw withLimitFlags(error);
      }),
  };
}
