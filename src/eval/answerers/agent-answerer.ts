import type { Agent } from "../../agent/index.ts";
import type { AnswerOutcome, QuestionAnswerer } from "../question-answerer.ts";

/**
 * Answers with the agent: the planner writes a program, the sandbox runs it against the perception
 * back-ends (with repairs and the VLM fallback as the agent is configured).
 */
export function createAgentAnswerer(options: { agent: Agent; dispose?: () => Promise<void> }): QuestionAnswerer {
  const { agent, dispose = async () => {} } = options;
  return {
    id: `program (${agent.planner.id})`,
    async answer({ image, question, signal }): Promise<AnswerOutcome> {
      const result = await agent.ask(image, question, { signal });
      const { planMs, checkMs, runMs } = result.timings;
      return {
        answer: result.answer,
        program: result.program,
        trace: result.trace,
        timings: { planMs: Math.round(planMs), checkMs: Math.round(checkMs), runMs: Math.round(runMs) },
        fallback: result.fallback,
      };
    },
    dispose,
  };
}
