import { rm, writeFile } from "node:fs/promises";
import { accuracyChartSvg } from "./accuracy-chart.ts";
import type { EvalQuestion, EvalSuite } from "./eval-question.ts";
import type { EvalRecord } from "./eval-record.ts";
import type { EvalOutputPaths } from "./output-paths.ts";
import type { QuestionAnswerer } from "./question-answerer.ts";
import { openResultsFile, type ResultsFile } from "./results-file.ts";
import { claimManifest } from "./run-manifest.ts";
import { runEvaluation, type EvaluationRun } from "./run-evaluation.ts";
import { summarizeRecords, type EvalSummary } from "./summarize.ts";
import { percent } from "./summary-table.ts";

/** What a {@link QuestionRunner} is asked to do: answer `questions`, appending each record to `results`. */
export interface QuestionRunnerRequest {
  readonly questions: readonly EvalQuestion[];
  /** Questions whose id it already holds are skipped. */
  readonly results: ResultsFile;
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly onRecord?: (record: EvalRecord) => void;
}

/**
 * Answers an evaluation's questions somewhere else than in this process (the queue's workers), with the same
 * contract as {@link runEvaluation}: a record appended per question as it is answered, stopping on `signal`.
 */
export interface QuestionRunner {
  /** Names the approach in the manifest and summary, e.g. "program (rules)". */
  readonly id: string;
  run(request: QuestionRunnerRequest): Promise<EvaluationRun>;
}

/** Options for {@link evaluateSuite}. */
export interface EvaluateSuiteOptions {
  readonly suite: EvalSuite;
  /** Answers the questions here, `concurrency` at a time; or a runner that has them answered elsewhere. */
  readonly answerer: QuestionAnswerer | QuestionRunner;
  readonly paths: EvalOutputPaths;
  /** Only the first `limit` questions of the suite. @defaultValue all */
  readonly limit?: number;
  /** @defaultValue 2 */
  readonly concurrency?: number;
  /** Deletes earlier results at `paths` instead of resuming them. @defaultValue false */
  readonly fresh?: boolean;
  /** Stops the run; what was answered stays recorded. */
  readonly signal?: AbortSignal;
  /** Told about every record as it is written and about the work before the run (for progress displays). */
  readonly onStart?: (start: { total: number; alreadyDone: number; alreadyCorrect: number }) => void;
  readonly onRecord?: (record: EvalRecord) => void;
}

/** What {@link evaluateSuite} did and wrote. */
export interface SuiteEvaluation {
  readonly run: EvaluationRun;
  readonly summary: EvalSummary;
  readonly paths: EvalOutputPaths;
  /** Paths of the charts written (the per-count chart only for suites with counting questions). */
  readonly charts: readonly string[];
}

/**
 * Evaluates an answerer on a suite: resumes or starts the results file, answers the questions still
 * without a record, then writes the summary (JSON) and the accuracy charts (SVG) next to the results.
 * The summary covers every question of the (limited) suite that has a record, earlier runs included.
 */
export async function evaluateSuite(options: EvaluateSuiteOptions): Promise<SuiteEvaluation> {
  const { suite, answerer, paths, limit, concurrency = 2, fresh = false, signal, onStart, onRecord } = options;
  if (fresh) await Promise.all([paths.results, paths.manifest, paths.summary, paths.countChart, paths.familyChart].map((path) => rm(path, { force: true })));
  await claimManifest({ path: paths.manifest, manifest: { suite: suite.name, identity: suite.identity, approach: answerer.id }, resultsPath: paths.results });
  const questions = limit === undefined ? suite.questions : suite.questions.slice(0, limit);
  const results = await openResultsFile(paths.results);
  let run: EvaluationRun;
  try {
    const ids = new Set(questions.map((question) => question.id));
    const previous = [...results.previous.values()].filter((record) => ids.has(record.id));
    onStart?.({ total: questions.length, alreadyDone: previous.length, alreadyCorrect: previous.filter((record) => record.correct).length });
    const request = { questions, results, concurrency, signal, onRecord };
    run = "run" in answerer ? await answerer.run(request) : await runEvaluation({ ...request, answerer });
  } finally {
    await results.close();
  }
  const summary = summarizeRecords({ suite: suite.name, approach: answerer.id, records: run.records, answeredNow: run.answeredNow, elapsedMs: run.elapsedMs, concurrency: run.concurrency ?? concurrency });
  await writeFile(paths.summary, `${JSON.stringify({ ...summary, identity: suite.identity, complete: !run.interrupted }, null, 2)}\n`);
  const title = `${suite.name}, ${answerer.id}: ${percent(summary.overall.accuracy)} of ${summary.overall.total}`;
  const charts: string[] = [];
  if (summary.byCount.length > 0) {
    await writeFile(paths.countChart, accuracyChartSvg({ title, axisLabel: "ground-truth count", rows: summary.byCount }));
    charts.push(paths.countChart);
  }
  await writeFile(paths.familyChart, accuracyChartSvg({ title, axisLabel: "question family", rows: summary.byFamily }));
  charts.push(paths.familyChart);
  return { run, summary, paths, charts };
}
