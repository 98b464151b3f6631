import { join } from "node:path";
import { parseArgs } from "node:util";
import { createAgent, createLlmPlanner, createRulePlanner, type Planner } from "../../agent/index.ts";
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
import { PERCEPTION_OPTIONS, perceptionOptionsFrom } from "../perception-options.ts";

const USAGE = `Usage: viper eval <suite> [options]

Suites: ${SUITE_NAMES.join(", ")}
  synthetic-count     CCNL-style counting images, generated from --seed (--size images, default 500)
  synthetic-compose   CLEVR-like 2D scenes with template questions (--size questions, default 500)
  coco                COCO photos: counting, existence, left/right (--annotations <file> --images <dir>,
                      default ../shared/data/coco-tiny val2017)
  questions           any questions.jsonl: viper eval questions <file.jsonl>

Options:
  --limit <n>               only the first n questions
  --seed <n> --size <n>     generated suites' seed (default 1) and size
  --concurrency <n>         questions answered at once (default 2)
  --planner rules|<provider>:<model>   who writes the programs (default rules)
  --planner-base-url <url>  server of the planner's model
  --direct                  ask the --vlm the question directly, no program
  --out <dir>               results folder (default eval-results/<suite>/<approach>)
  --json <file.jsonl>       results file instead of --out; summary and charts are written beside it
  --fresh                   discard earlier results instead of continuing them
  --report <file.html>      an HTML report: summary, charts, failed questions with pictures, programs, traces
  and the perception options (--models-dir, --device, --detector, --vlm, --vlm-base-url, ...)

Results are appended per question; running the same command again continues where it stopped.`;

/** Signals this close after the first are the same key press delivered twice. */
const DUPLICATE_SIGNAL_MS = 1000;

/** `viper eval`: evaluates the program approach (or, with --direct, the VLM alone) on a suite. */
export async function runEvalCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      limit: { type: "string" },
      seed: { type: "string" },
      size: { type: "string" },
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
    },
  });
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [suiteName, questionsArgument, ...extra] = positionals;
  if (suiteName === undefined || extra.length > 0 || (questionsArgument !== undefined && suiteName !== "questions")) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (values.out !== undefined && values.json !== undefined) throw configError("--out and --json both say where results go; give one.", "--out");
  const suite = await loadSuite(suiteName, {
    seed: integerOption("--seed", values.seed, 0),
    size: integerOption("--size", values.size, 1),
    annotationsPath: values.annotations,
    imagesDir: values.images,
    questionsPath: questionsArgument ?? values.questions,
  });
  const limit = integerOption("--limit", values.limit, 1);
  const concurrency = integerOption("--concurrency", values.concurrency, 1) ?? 2;
  const baseAnswerer = await createAnswerer(values);
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

async function createAnswerer(values: Record<string, unknown>): Promise<QuestionAnswerer> {
  const perceptionOptions = perceptionOptionsFrom(values);
  if (values.direct === true) {
    if (values.planner !== undefined) throw configError("--direct asks the VLM without a program; drop --planner or --direct.", "--planner");
    if (perceptionOptions.vlm === undefined) throw noVlmForDirectError();
    const perception = await createPerception(perceptionOptions);
    // Only the VLM that --vlm configured answers: pixel analysis and photo colours answer narrow questions
    // and are not part of the baseline.
    const vlmIds = perception.vlm ? [perception.vlm.id] : [];
    return createDirectAnswerer({ perception, vlmIds, label: perceptionOptions.vlm, dispose: () => perception.dispose() });
  }
  const perception = await createPerception(perceptionOptions);
  const agent = createAgent({ planner: plannerFrom(values), perception });
  return createAgentAnswerer({ agent, dispose: () => perception.dispose() });
}

function plannerFrom(values: Record<string, unknown>): Planner {
  const spec = typeof values.planner === "string" ? values.planner : "rules";
  const baseUrl = typeof values["planner-base-url"] === "string" ? values["planner-base-url"] : undefined;
  if (spec === "rules") {
    if (baseUrl !== undefined) throw configError("--planner-base-url needs an LLM planner: add --planner <provider>:<model>.", "--planner-base-url");
    return createRulePlanner();
  }
  return createLlmPlanner({ model: spec, baseUrl });
}

function integerOption(option: string, value: string | undefined, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw configError(`${option} must be a whole number ≥ ${minimum}; got "${value}".`, option);
  return parsed;
}

function configError(message: string, option: string): ViperError {
  return new ViperError({ code: "CONFIG_INVALID", message, details: { option } });
}
