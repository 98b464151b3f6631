import { ViperError } from "../errors/index.ts";
import type { Planner, PlanRequest } from "./planner.ts";
import { parseRuleQuestion } from "./rule-grammar.ts";
import { writeRuleProgram } from "./rule-programs.ts";

/**
 * The offline planner: turns common question families (counting, existence, colour/shape/size, left/right/
 * above/below, counting with a relation, comparisons, leftmost/rightmost/topmost/bottommost) into programs.
 * Its programs go through the same checker and sandbox as a language model's. It is deterministic, so it
 * does not repair; any other question gets PLANNER_UNSUPPORTED.
 */
export function createRulePlanner(): Planner {
  return {
    id: "rules",
    repairs: false,
    trusted: true,
    async plan({ question }: PlanRequest): Promise<string> {
      const intent = parseRuleQuestion(question);
      if (intent === undefined) throw unsupported(question);
      return writeRuleProgram(intent);
    },
  };
}

function unsupported(question: string): ViperError {
  return new ViperError({
    code: "PLANNER_UNSUPPORTED",
    message:
      `The rule planner cannot turn "${question.trim()}" into a program. It knows counting ("How many red circles are there?"), ` +
      `existence ("Is there a blue square?"), colour/shape/size ("What color is the large star?"), left/right/above/below ` +
      `("Is the red circle left of the square?", "How many circles are left of the green square?"), comparisons ` +
      `("Are there more circles than squares?") and extremes ("What color is the leftmost circle?"). For other ` +
      `questions use a language-model planner: --planner openai:gpt-4o-mini (with OPENAI_API_KEY), ` +
      `--planner anthropic:claude-sonnet-4-5 (ANTHROPIC_API_KEY), --planner ollama:llama3.1, or an OpenAI-compatible ` +
      `server (vLLM, llama.cpp, LM Studio) with --planner openai:<model> --planner-base-url http://localhost:8000/v1.`,
    details: { question },
  });
}
