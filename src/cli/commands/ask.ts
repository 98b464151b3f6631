import { parseArgs } from "node:util";
import { createAgent } from "../../agent/agent.ts";
import { createLlmPlanner } from "../../agent/llm-planner.ts";
import type { Planner } from "../../agent/planner.ts";
import { buildPlannerPrompt, formatPromptForDisplay } from "../../agent/prompt.ts";
import { createRulePlanner } from "../../agent/rule-planner.ts";
import { ViperError } from "../../errors/index.ts";
import { createPerception, type Perception } from "../../tools/create-perception.ts";
import { writeFailedRunReport, writeRunReport } from "../../report/index.ts";
import type { CliIo } from "../cli-io.ts";
import { formatAnswer } from "../format-answer.ts";
import { jsonFailure, writeJson } from "../json-result.ts";
import { PERCEPTION_OPTIONS, perceptionOptionsFrom } from "../perception-options.ts";

const USAGE = `Usage: viper ask <image> "<question>" [--planner rules|<provider>:<model>] [--planner-base-url URL]
                 [--max-repairs N] [--json] [--report <file.html>] [--print-prompt] [options]

Answers a question about an image: a planner writes a program against the ImagePatch API, the program is
type-checked, run in the sandbox and repaired when it fails. Prints the answer; --json prints
{answer, program, trace, timings, attempts, fallback, error}.

  --planner rules                 offline rule planner (default): counting, existence, colour/shape/size,
                                  left/right/above/below, comparisons, leftmost/rightmost questions
  --planner openai:gpt-4o-mini    any LangChain provider: openai (OPENAI_API_KEY), anthropic
                                  (ANTHROPIC_API_KEY), ollama; LangSmith tracing via LANGSMITH_TRACING
  --planner-base-url URL          an OpenAI-compatible server (vLLM, llama.cpp, LM Studio: http://host:port/v1)
                                  with --planner openai:<model>, or an Ollama server with --planner ollama:<model>
  --max-repairs N                 repairs after the first attempt (default 2)
  --report <file.html>            write an HTML report: boxes, crops, program lines, trace (docs/REPORT.md)
  --print-prompt                  print the prompt a language-model planner sends, and exit
Perception options: --models-dir --device --detector --vlm --vlm-base-url --llm --llm-base-url --depth --scorer`;

/** `viper ask`: answers a question about an image. Returns the exit code (0 answer, 1 error, 2 usage). */
export async function runAskCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseAskArguments>;
  try {
    parsed = parseAskArguments(argv);
  } catch (error) {
    // parseArgs rejects unknown options and missing values: a usage error, not a failure.
    io.stderr.write(`viper ask: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [imagePath, question] = positionals;
  if (imagePath === undefined || question === undefined || positionals.length > 2) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (values["print-prompt"]) {
    io.stdout.write(formatPromptForDisplay(buildPlannerPrompt({ question })));
    return 0;
  }
  let perception: Perception | undefined;
  try {
    const planner = plannerFrom(values.planner, values["planner-base-url"]);
    const maxRepairs = repairsFrom(values["max-repairs"]);
    perception = await createPerception(perceptionOptionsFrom(values, io.stderr));
    const agent = createAgent({ planner, perception, maxRepairs });
    const result = await agent.ask(imagePath, question);
    if (values.report !== undefined) await writeRunReport(values.report, { image: imagePath, question, ...result });
    if (values.json) {
      const { answer, program, trace, timings, attempts, fallback } = result;
      writeJson(io.stdout, { answer, program, trace, timings: { ...timings }, attempts, fallback, error: null });
    } else {
      io.stdout.write(`${formatAnswer(result.answer)}\n`);
      if (result.fallback) io.stderr.write("(no program worked; answered by asking the visual question-answering model directly)\n");
    }
    return 0;
  } catch (error) {
    if (values.report !== undefined) await writeFailedRunReport(values.report, { image: imagePath, question, error, warnings: io.stderr });
    if (!values.json) throw error;
    writeJson(io.stdout, jsonFailure(error, lastProgram(error)));
    return 1;
  } finally {
    await perception?.dispose();
  }
}

function parseAskArguments(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      planner: { type: "string", default: "rules" },
      "planner-base-url": { type: "string" },
      "max-repairs": { type: "string" },
      json: { type: "boolean" },
      report: { type: "string" },
      "print-prompt": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      ...PERCEPTION_OPTIONS,
    },
  });
}

function plannerFrom(name: string, baseUrl: string | undefined): Planner {
  if (name === "rules") {
    if (baseUrl !== undefined) {
      throw new ViperError({
        code: "CONFIG_INVALID",
        message: "--planner-base-url needs a language-model planner, e.g. --planner openai:<model> --planner-base-url http://localhost:8000/v1.",
        details: { baseUrl },
      });
    }
    return createRulePlanner();
  }
  return createLlmPlanner({ model: name, baseUrl });
}

function repairsFrom(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const repairs = Number(text);
  if (!Number.isInteger(repairs) || repairs < 0) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `--max-repairs must be a whole number ≥ 0; got "${text}".`, details: { value: text } });
  }
  return repairs;
}

/** The last program the agent tried, from the error's attempts, so --json shows what failed. */
function lastProgram(error: unknown): string | null {
  if (!ViperError.isInstance(error) || !Array.isArray(error.details.attempts)) return null;
  const programs = (error.details.attempts as Array<{ program: string | null }>).map((attempt) => attempt.program).filter((program) => program !== null);
  return programs.at(-1) ?? null;
}
