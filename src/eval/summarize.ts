import type { EvalRecord } from "./eval-record.ts";

/** Accuracy of one group of questions. */
export interface AccuracyRow {
  /** The group: a family name, or a ground-truth count. */
  readonly key: string;
  readonly total: number;
  readonly correct: number;
  /** Questions that ended in an error (counted as wrong). */
  readonly errors: number;
  /** `correct / total`, 0 when the group is empty. */
  readonly accuracy: number;
}

/** What a results file amounts to. */
export interface EvalSummary {
  readonly suite: string;
  /** How questions were answered, e.g. "program (rules)" or "direct (ollama:llava)". */
  readonly approach: string;
  readonly overall: AccuracyRow;
  /** One row per question family, in order of first appearance. */
  readonly byFamily: readonly AccuracyRow[];
  /** One row per ground-truth count (counting questions only), ascending. */
  readonly byCount: readonly AccuracyRow[];
  /** How many questions failed with each error code. */
  readonly errorsByCode: Readonly<Record<string, number>>;
  /** Answers that came from the direct-VQA fallback. */
  readonly fallbacks: number;
  /** Median time per question (ms), over the questions answered without error. */
  readonly medianQuestionMs: number;
  readonly throughput: {
    /** Questions this run answered (not those resumed from the file). */
    readonly answeredNow: number;
    readonly elapsedMs: number;
    readonly questionsPerSecond: number;
    readonly concurrency: number;
  };
}

/** Options for {@link summarizeRecords}. */
export interface SummarizeOptions {
  readonly suite: string;
  readonly approach: string;
  readonly records: readonly EvalRecord[];
  readonly answeredNow: number;
  readonly elapsedMs: number;
  readonly concurrency: number;
}

/** Groups records into accuracy per family and per ground-truth count, with error counts and throughput. */
export function summarizeRecords(options: SummarizeOptions): EvalSummary {
  const { suite, approach, records, answeredNow, elapsedMs, concurrency } = options;
  const errorsByCode: Record<string, number> = {};
  for (const record of records) if (record.error) errorsByCode[record.error.code] = (errorsByCode[record.error.code] ?? 0) + 1;
  const counted = records.filter((record) => record.groundTruthCount !== null);
  const counts = [...new Set(counted.map((record) => record.groundTruthCount!))].sort((a, b) => a - b);
  const durations = records.filter((record) => !record.error).map((record) => record.timings.totalMs ?? 0).sort((a, b) => a - b);
  return {
    suite,
    approach,
    overall: accuracyRow("all", records),
    byFamily: [...new Set(records.map((record) => record.family))].map((family) => accuracyRow(family, records.filter((record) => record.family === family))),
    byCount: counts.map((count) => accuracyRow(String(count), counted.filter((record) => record.groundTruthCount === count))),
    errorsByCode,
    fallbacks: records.filter((record) => record.fallback).length,
    medianQuestionMs: durations.length === 0 ? 0 : durations[Math.floor(durations.length / 2)]!,
    throughput: {
      answeredNow,
      elapsedMs: Math.round(elapsedMs),
      questionsPerSecond: elapsedMs > 0 ? Math.round((answeredNow / elapsedMs) * 1000 * 100) / 100 : 0,
      concurrency,
    },
  };
}

function accuracyRow(key: string, records: readonly EvalRecord[]): AccuracyRow {
  const correct = records.filter((record) => record.correct).length;
  return {
    key,
    total: records.length,
    correct,
    errors: records.filter((record) => record.error !== null).length,
    accuracy: records.length === 0 ? 0 : correct / records.length,
  };
}
