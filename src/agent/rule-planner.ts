import { ViperError } from "../errors/index.ts";
import type { CapabilityView } from "./capabilities/capability-view.ts";
import type { Planner, PlanRequest } from "./planner.ts";
import { parseRuleQuestion, type RuleIntent } from "./rule-grammar.ts";
import { writeRuleProgram } from "./rule-programs.ts";

/**
 * The offline planner: turns common question families into programs — counting, existence,
 * colour/shape/size, left/right/above/below, counting with a relation, comparisons of counts, extremes
 * (leftmost ... largest, smallest) and checks on them ("Is the topmost shape a circle?"), attributes of an
 * object placed relative to another ("the shape right of the green square"), universals ("Are all the
 * circles red / the same color?") and group words answered from detector classes ("What animal is on the
 * bed?"). It is deterministic, so it does not repair, and its programs are trusted: every template is
 * type-checked by a test instead of at each ask. Any other question gets PLANNER_UNSUPPORTED.
 */
export function createRulePlanner(): Planner {
  return {
    id: "rules",
    repairs: false,
    trusted: true,
    async plan({ question, capabilities }: PlanRequest): Promise<string> {
      const intent = parseRuleQuestion(question);
      if (intent === undefined) throw unsupported(question);
      return writeRuleProgram(knownClassesOnly(intent, question, capabilities));
    },
  };
}

/** A group word's classes narrowed to those the configured detectors know here; none known → unsupported. */
function knownClassesOnly(intent: RuleIntent, question: string, capabilities: CapabilityView | undefined): RuleIntent {
  if (intent.family !== "hypernym" || capabilities === undefined) return intent;
  const classes = intent.classes.filter((name) => capabilities.knowsLabel(name));
  if (classes.length === 0) throw unsupported(question);
  return { ...intent, classes };
}

function unsupported(question: string): ViperError {
  return new ViperError({
    code: "PLANNER_UNSUPPORTED",
    message:
      `The rule planner cannot turn "${question.trim()}" into a program. It knows counting ("How many red circles are there?"), ` +
      `existence ("Is there a blue square?"), colour/shape/size ("What color is the large star?"), left/right/above/below ` +
      `("Is the red circle left of the square?", "How many circles are left of the green square?"), comparisons ` +
      `("Are there more circles than squares?", "Is the number of red objects greater than the number of circles?"), extremes ` +
      `("What color is the leftmost circle?", "What color is the largest shape?", "Is the topmost shape a circle?"), relative ` +
      `attributes ("What color is the shape right of the green square?", "... closest to the red square?"), universals ` +
      `("Are all the circles the same color?") and group words ("What animal is on the bed?"). For other ` +
      `questions use a language-model planner: --planner openai:gpt-4o-mini (with OPENAI_API_KEY), ` +
      `--planner anthropic:claude-sonnet-4-5 (ANTHROPIC_API_KEY), --planner ollama:llama3.1, or an OpenAI-compatible ` +
      `server (vLLM, llama.cpp, LM Studio) with --planner openai:<model> --planner-base-url http://localhost:8000/v1.`,
    details: { question },
  });
}
