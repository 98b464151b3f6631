import { readFile } from "node:fs/promises";
import type { TraceEntry } from "../../sandbox/index.ts";
import type { EvalSuite } from "../eval/eval-question.ts";
import type { SuiteEvaluation } from "../eval/evaluate-suite.ts";
import { writeEvalReport } from "./write-report.ts";

/** Options for {@link writeSuiteEvaluationReport}. */
export interface SuiteEvaluationReportOptions {
  /** What evaluateSuite returned: summary, records and the chart files. */
  readonly evaluation: SuiteEvaluation;
  /** The suite evaluated: its questions load (or regenerate) the pictures of failed questions. */
  readonly suite: EvalSuite;
  /** Whole traces by question id (recordTraces); records without one show the trace summary. @defaultValue none */
  readonly traces?: ReadonlyMap<string, readonly TraceEntry[]>;
}

/**
 * Writes the HTML report of a suite evaluation (viper eval --report): reads the charts evaluateSuite wrote
 * and takes each failed question's picture from the suite, so generated suites get theirs too.
 */
export async function writeSuiteEvaluationReport(path: string, options: SuiteEvaluationReportOptions): Promise<void> {
  const { evaluation, suite, traces } = options;
  const questions = new Map(suite.questions.map((question) => [question.id, question]));
  const charts = await Promise.all(evaluation.charts.map((chart) => readFile(chart, "utf8")));
  await writeEvalReport(path, {
    summary: evaluation.summary,
    charts,
    records: evaluation.run.records,
    traces,
    loadRecordImage: async (record) => (await questions.get(record.id)?.loadImage()) ?? record.image,
  });
}
