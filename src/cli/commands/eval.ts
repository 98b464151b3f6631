import { join } from "node:path";
import { createAgent } from "../../agent/agent.ts";
import { ViperError } from "../../errors/index.ts";
import { createAgentAnswerer } from "../../eval/answerers/agent-answerer.ts";
import { createDirectAnswerer, noVlmForDirectError } from "../../eval/answerers/direct-answerer.ts";
import { evaluateSuite } from "../../eval/evaluate-suite.ts";
import { evalOutputPaths } from "../../eval/output-paths.ts";
import { createProgressReporter, type ProgressReporter } from "../../eval/progress-reporter.ts";
import type { QuestionAnswerer } from "../../eval/question-answerer.ts";
import { formatSummary } from "../../eval/summary-table.ts";
import { loadSuite, SUITE_NAMES } from "../../eval/suites/index.ts";
import { createPerception } from "../../tools/create-perception.ts";
import { recordTraces, writeSuiteEvaluationReport } from "../../report/index.ts";
import type { CliIo } from "../cli-io.ts";
import { readCommandLine, wholeNumberOption, writeUsageError } from "../command-line.ts";
import { PERCEPTION_HELP, PERCEPTION_OPTIONS, perceptionOptionsFrom } from "../perception-options.ts";
import { PLANNER_HELP, plannerFromOptions } from "../planner-option.ts";

const USAGE = `Usage: viper eval <suite> [options]

Evaluates the program approach (or, with --direct, the VLM alone) on a suite and prints a summary table.
Results are appended per question; running the same command again continues where it stopped.

Suites: ${SUITE_NAMES.join(", ")}
  synthetic-count                 CCNL-style counting images, generated from --seed (--size images, default 500)
  synthetic-compose               CLEVR-like 2D scenes with template questions (--size questions, default 500)
  coco                            COCO photos: counting, existence, left/right (--annotations <file>
                                  --images <folder>, default ../shared/data/coco-tiny val2017)
  questions <file.jsonl>          any questions.jsonl (or --questions <file.jsonl>)

  --limit <n>                     only the first n questions
  --seed <n> --size <n>           generated suites' seed (default 1) and size
  --crowded                       synthetic-count with touching and overlapping icons (synthetic-count-crowded)
  --concurrency <n>               questions answered at once (default 2)
${PLANNER_HELP}
  --direct                        ask the --vlm the question directly, no program
  --out <folder>                  results folder (default eval-results/<suite>/<approach>)
  --json <file.jsonl>             results file instead of --out; summary and charts are written beside it
  --fresh                         discard earlier results instead of continuing them
  --report <file.html>            an HTML report: summary, charts, failed questions with pictures, programs, traces
${PERCEPTION_HELP}`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  limit: { type: "string" },
  seed: { type: "string" },
  size: { type: "string" },
  crowded: { type: "boolean" },
  concurrency: { type: "string" },
  planner: { type: "string" },
  "planner-base-url": { type: "string" },
  direct: { type: "boolean" },
  out: { type: "string" },
  json: { type: "string" },
  fresh: { type: "boolean" },
  report: { type: "string" },
  annotations: { type: "string" },
  images: { type: "string" },
  questions: { type: "string" },
  ...PERCEPTION_OPTIONS,
} as const;

/** Signals this close after the first are the same key press delivered twice. */
const DUPLICATE_SIGNAL_MS = 1000;

/**
 * `viper eval`: evaluates the program approach (or, with --direct, the VLM alone) on a suite. Returns the
 * exit code (0 done, 1 error, 2 usage, 130 interrupted).
 */
export async function runEvalCommand(argv: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(argv, io, { command: "eval", usage: USAGE, options: OPTIONS });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine.parsed;
  const [suiteName, questionsArgument, ...extra] = positionals;
  if (suiteName === undefined) return writeUsageError(io, { command: "eval", problem: "expected a suite", usage: USAGE });
  const unexpected = suiteName === "questions" ? extra[0] : questionsArgument;
  if (unexpected !== undefined) return writeUsageError(io, { command: "eval", problem: `unexpected argument "${unexpected}"`, usage: USAGE });
  if (values.crowded === true && suiteName !== "synthetic-count") return writeUsageError(io, { command: "eval", problem: "--crowded applies to synthetic-count only", usage: USAGE });
  if (values.out !== undefined && values.json !== undefined) throw configError("--out and --json both say where results go; give one.", "--out");
  const suite = await loadSuite(suiteName, {
    seed: wholeNumberOption({ option: "--seed", value: values.seed, minimum: 0 }),
    size: wholeNumberOption({ option: "--size", value: values.size, minimum: 1 }),
    crowded: values.crowded === true,
    annotationsPath: values.annotations,
    imagesDir: values.images,
    questionsPath: questionsArgument ?? values.questions,
  });
  const limit = wholeNumberOption({ option: "--limit", value: values.limit, minimum: 1 });
  const concurrency = wholeNumberOption({ option: "--concurrency", value: values.concurrency, minimum: 1 }) ?? 2;
  const baseAnswerer = await createAnswerer(values, io.stderr);
  const recorder = values.report === undefined ? undefined : recordTraces(baseAnswerer);
  const answerer = recorder?.answerer ?? baseAnswerer;
  const approachFolder = answerer.id.replace(/[^a-zA-Z0-9.-]+/g, "-").replace(/^-|-$/g, "");
  const paths = values.json !== undefined ? evalOutputPaths({ resultsFile: values.json }) : evalOutputPaths({ outDir: values.out ?? join("eval-results", suite.name, approachFolder) });

  const controller = new AbortController();
  let interruptedAt: number | undefined;
  const onInterrupt = (): void => {
    if (interruptedAt === undefined) {
      interruptedAt = performance.now();
      io.stderr.write("\nInterrupted: finishing the record file (press Ctrl-C again to quit at once)...\n");
      controller.abort();
      return;
    }
    // A terminal's Ctrl-C reaches both the bin/viper.js launcher (which forwards it) and this process, so
    // one key press can arrive twice; only a later, deliberate second Ctrl-C quits at once.
    if (performance.now() - interruptedAt > DUPLICATE_SIGNAL_MS) process.exit(130);
  };
  process.on("SIGINT", onInterrupt);
  let progress: ProgressReporter | undefined;
  try {
    const evaluation = await evaluateSuite({
      suite,
      answerer,
      paths,
      limit,
      concurrency,
      fresh: values.fresh === true,
      signal: controller.signal,
      onStart: (start) => {
        progress = createProgressReporter({ ...start, stream: io.stderr, interactive: (io.stderr as { isTTY?: boolean }).isTTY === true });
      },
      onRecord: (record) => progress?.update(record),
    });
    progress?.stop();
    io.stdout.write(`${formatSummary(evaluation.summary)}\n\nresults: ${paths.results}\nsummary: ${paths.summary}\ncharts: ${evaluation.charts.join(", ")}\n`);
    if (values.report !== undefined) {
      await writeSuiteEvaluationReport(values.report, { evaluation, suite, traces: recorder?.traces(suite.questions) });
      io.stdout.write(`report: ${values.report}\n`);
    }
    if (evaluation.run.interrupted) {
      io.stderr.write(`Stopped with ${evaluation.run.records.length} of ${limit === undefined ? suite.questions.length : Math.min(limit, suite.questions.length)} questions recorded in ${paths.results}. Run the same command again to continue.\n`);
      return 130;
    }
    return 0;
  } finally {
    progress?.stop();
    process.removeListener("SIGINT", onInterrupt);
    await answerer.dispose();
  }
}

async function createAnswerer(values: Record<string, unknown>, stderr: NodeJS.WritableStream): Promise<QuestionAnswerer> {
  const perceptionOptions = perceptionOptionsFrom(values, stderr);
  if (values.direct === true) {
    if (values.planner !== undefined) throw configError("--direct asks the VLM without a program; drop --planner or --direct.", "--planner");
    if (perceptionOptions.vlm === undefined) throw noVlmForDirectError();
    const perception = await createPerception(perceptionOptions);
    // Only the VLM that --vlm configured answers: pixel analysis and photo colours answer narrow questions
    // and are not part of the baseline.
    const vlmIds = perception.vlm ? [perception.vlm.id] : [];
    return createDirectAnswerer({ perception, vlmIds, label: perceptionOptions.vlm, dispose: () => perception.dispose() });
  }
  const planner = plannerFromOptions({ planner: optionalText(values.planner), plannerBaseUrl: optionalText(values["planner-base-url"]) });
  const perception = await createPerception(perceptionOptions);
  const agent = createAgent({ planner, perception });
  return createAgentAnswerer({ agent, dispose: () => perception.dispose() });
}

function optionalText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function configError(message: string, option: string): ViperError {
  return new ViperError({ code: "CONFIG_INVALID", message, details: { option } });
}
