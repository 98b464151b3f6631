import { createLlmPlanner } from "../agent/llm-planner.ts";
import type { Planner } from "../agent/planner.ts";
import { createRulePlanner } from "../agent/rule-planner.ts";
import { ViperError } from "../errors/index.ts";

/** Help lines for `--planner` and `--planner-base-url`, shared by `viper ask` and `viper eval`. */
export const PLANNER_HELP = `  --planner rules                 offline rule planner (default): counting, existence, colour/shape/size,
                                  left/right/above/below, comparisons, leftmost/largest, "Is the topmost
                                  X a Y?", "the X right of / closest to the Y", "Are all the X red?",
                                  "What animal is on the bed?"; anything else is refused
  --planner <provider>:<model>    a LangChain chat model: openai:gpt-4o-mini (OPENAI_API_KEY), anthropic
                                  (ANTHROPIC_API_KEY), ollama; LangSmith tracing via LANGSMITH_TRACING
  --planner-base-url <url>        an OpenAI-compatible server (vLLM, llama.cpp, LM Studio: http://host:port/v1)
                                  with --planner openai:<model>, or an Ollama server with --planner ollama:<model>`;

/**
 * The planner `--planner` names: "rules" (the default) or a "<provider>:<model>" language model.
 * @throws ViperError CONFIG_INVALID when `--planner-base-url` is given for the rule planner, which has no server.
 */
export function plannerFromOptions(options: { planner: string | undefined; plannerBaseUrl: string | undefined }): Planner {
  const { planner = "rules", plannerBaseUrl } = options;
  if (planner !== "rules") return createLlmPlanner({ model: planner, baseUrl: plannerBaseUrl });
  if (plannerBaseUrl !== undefined) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: "--planner-base-url needs a language-model planner, e.g. --planner openai:<model> --planner-base-url http://localhost:8000/v1.",
      details: { option: "--planner-base-url", value: plannerBaseUrl },
    });
  }
  return createRulePlanner();
}
