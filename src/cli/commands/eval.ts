import { join } from "node:path";
import type { TraceEntry } from "../../../sandbox/index.ts";
import { ViperError } from "../../errors/index.ts";
import type { EvalApproach } from "../../eval/approach.ts";
import type { EvalQuestion, EvalSuite } from "../../eval/eval-question.ts";
import { evaluateSuite, type QuestionRunner } from "../../eval/evaluate-suite.ts";
import { evalOutputPaths, type EvalOutputPaths } from "../../eval/output-paths.ts";
import { createProgressReporter, type ProgressReporter } from "../../eval/progress-reporter.ts";
import type { QuestionAnswerer } from "../../eval/question-answerer.ts";
import { formatSummary } from "../../eval/summary-table.ts";
import { loadSuite, SUITE_NAMES } from "../../eval/suites/index.ts";
import { createQueueQuestionRunner, evalRunId, openRedisLink } from "../../queue/index.ts";
import { createPerception } from "../../tools/create-perception.ts";
import { recordTraces, writeSuiteEvaluationReport } from "../../report/index.ts";
import type { CliIo } from "../cli-io.ts";
import { readCommandLine, wholeNumberOption, writeUsageError } from "../command-line.ts";
import { answererForApproach, approachFromOptions, approachId } from "../eval-approach.ts";
import { ISOLATION_HELP, ISOLATION_OPTIONS, isolationFrom } from "../isolation-option.ts";
import { listenForInterrupt } from "../interrupt.ts";
import { LIMIT_HELP, LIMIT_OPTIONS } from "../limit-options.ts";
import { PERCEPTION_HELP, PERCEPTION_OPTIONS, perceptionOptionsFrom } from "../perception-options.ts";
import { PLANNER_HELP } from "../planner-option.ts";
import { QUEUE_HELP, QUEUE_OPTIONS, queueOptionsFrom, requireQueueFor } from "../queue-options.ts";

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
${ISOLATION_HELP}
${LIMIT_HELP}
${PERCEPTION_HELP}
${QUEUE_HELP}
  With --queue, viper worker processes answer the questions with their own perception options (this
  command takes none, but --vlm with --direct: the VLM every worker must have); --concurrency and
  --planner-base-url are theirs too.`;

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
  ...ISOLATION_OPTIONS,
  ...LIMIT_OPTIONS,
  ...PERCEPTION_OPTIONS,
  ...QUEUE_OPTIONS,
} as const;

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
  const approach = approachFromOptions(values);
  const approachFolder = approachId(approach).replace(/[^a-zA-Z0-9.-]+/g, "-").replace(/^-|-$/g, "");
  const paths = values.json !== undefined ? evalOutputPaths({ resultsFile: values.json }) : evalOutputPaths({ outDir: values.out ?? join("eval-results", suite.name, approachFolder) });
  if (values.queue === undefined) requireQueueFor(values);
  const { answerer, traces, dispose } =
    values.queue === undefined
      ? await localAnswerer({ values, approach, concurrency, stderr: io.stderr })
      : await queueRunner({ values, approach, suite, paths, stderr: io.stderr });

  const controller = new AbortController();
  const stopListening = listenForInterrupt({ stderr: io.stderr, message: "Interrupted: finishing the record file", stop: () => controller.abort() });
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
      await writeSuiteEvaluationReport(values.report, { evaluation, suite, traces: traces(suite.questions) });
      io.stdout.write(`report: ${values.report}\n`);
    }
    if (evaluation.run.interrupted) {
      const queued = values.queue === undefined ? "" : " Queued questions stay queued: workers go on answering them, and the next run collects their answers.";
      io.stderr.write(`Stopped with ${evaluation.run.records.length} of ${limit === undefined ? suite.questions.length : Math.min(limit, suite.questions.length)} questions recorded in ${paths.results}. Run the same command again to continue.${queued}\n`);
      return 130;
    }
    return 0;
  } finally {
    progress?.stop();
    stopListening();
    await dispose();
  }
}

/** Who answers the questions, the whole traces a report shows, and what to free at the end. */
interface EvalAnswering {
  readonly answerer: QuestionAnswerer | QuestionRunner;
  readonly traces: (questions: readonly EvalQuestion[]) => Map<string, readonly TraceEntry[]> | undefined;
  readonly dispose: () => Promise<void>;
}

/** Questions answered in this process, `--concurrency` at a time, with this command's perception. */
async function localAnswerer(options: { values: Record<string, unknown>; approach: EvalApproach; concurrency: number; stderr: NodeJS.WritableStream }): Promise<EvalAnswering> {
  const { values, approach, concurrency, stderr } = options;
  const isolation = approach.kind === "program" ? isolationFrom(typeof values.isolation === "string" ? values.isolation : undefined, concurrency) : undefined;
  const perception = await createPerception(perceptionOptionsFrom(values, stderr));
  const answerer = answererForApproach({ approach, perception, isolation, dispose: () => perception.dispose() });
  const recorder = values.report === undefined ? undefined : recordTraces(answerer);
  return { answerer: recorder?.answerer ?? answerer, traces: (questions) => recorder?.traces(questions), dispose: () => answerer.dispose() };
}

/** Questions answered by `viper worker`s through the --queue (docs/SCALING.md). */
async function queueRunner(options: { values: Record<string, unknown>; approach: EvalApproach; suite: EvalSuite; paths: EvalOutputPaths; stderr: NodeJS.WritableStream }): Promise<EvalAnswering> {
  const { values, approach, suite, paths, stderr } = options;
  // Servers and credentials are each worker's: a job names at most "<provider>:<model>", never a URL that
  // would receive a worker's API key.
  const workersOnly = [...Object.keys(PERCEPTION_OPTIONS), "concurrency", "planner-base-url"].filter((name) => values[name] !== undefined && !(name === "vlm" && approach.kind === "direct"));
  if (workersOnly.length > 0) {
    throw configError(`--${workersOnly[0]} is a worker's option with --queue: each viper worker answers with its own settings (viper worker --queue ... --${workersOnly[0]} ...).`, `--${workersOnly[0]}`);
  }
  const { url, dataRoot, timeoutMs } = queueOptionsFrom(values);
  const link = await openRedisLink({ url: url!, timeoutMs });
  const id = approachId(approach);
  const runner = createQueueQuestionRunner({
    link,
    id,
    approach,
    runId: evalRunId({ suite: suite.name, identity: suite.identity, approach: id, resultsPath: paths.results }),
    dataRoot,
    fresh: values.fresh === true,
    keepTraces: values.report !== undefined,
    onNotice: (message) => stderr.write(`${message}\n`),
  });
  return { answerer: runner, traces: (questions) => runner.traces(questions), dispose: () => link.close() };
}

function configError(message: string, option: string): ViperError {
  return new ViperError({ code: "CONFIG_INVALID", message, details: { option } });
}
