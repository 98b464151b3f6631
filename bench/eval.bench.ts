/**
 * Evaluation benchmark: accuracy and throughput of `viper eval` with the offline default (rule planner,
 * default perception; generated scenes go to pixel analysis) on the generated suites, and how throughput
 * changes with concurrency. Minutes on a 2-core machine, so it is a benchmark, not a test.
 *
 *   npm run bench eval
 *   bash scripts/with-node.sh node --no-node-snapshot bench/eval.bench.ts     # same, printed as a table
 *
 * Environment: EVAL_BENCH_SIZE (questions per suite, default 1000), EVAL_BENCH_SCALING_SIZE (questions
 * per concurrency level, default 300), EVAL_BENCH_CONCURRENCY (levels, default "1,2,4").
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgent, createRulePlanner } from "../src/agent/index.ts";
import { createAgentAnswerer } from "../src/eval/answerers/agent-answerer.ts";
import { evaluateSuite } from "../src/eval/evaluate-suite.ts";
import type { EvalSummary } from "../src/eval/summarize.ts";
import { evalOutputPaths } from "../src/eval/output-paths.ts";
import { loadSuite } from "../src/eval/suites/index.ts";
import { createPerception } from "../src/tools/create-perception.ts";
import type { BenchMetric, BenchResult } from "./run.ts";

const size = Number(process.env.EVAL_BENCH_SIZE ?? 1000);
const scalingSize = Number(process.env.EVAL_BENCH_SCALING_SIZE ?? 300);
const levels = (process.env.EVAL_BENCH_CONCURRENCY ?? "1,2,4").split(",").map(Number);

/** Runs one suite from scratch; wall time covers generating the question list and answering everything. */
async function evaluate(options: { suite: string; size: number; concurrency: number }): Promise<{ summary: EvalSummary; wallSeconds: number }> {
  const folder = await mkdtemp(join(tmpdir(), "viper-eval-bench-"));
  const perception = await createPerception({});
  const started = performance.now();
  try {
    const suite = await loadSuite(options.suite, { seed: 1, size: options.size });
    const answerer = createAgentAnswerer({ agent: createAgent({ planner: createRulePlanner(), perception }) });
    const { summary } = await evaluateSuite({ suite, answerer, paths: evalOutputPaths({ outDir: folder }), concurrency: options.concurrency });
    return { summary, wallSeconds: (performance.now() - started) / 1000 };
  } finally {
    await perception.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}

/** Accuracy targets of the evaluation issue, as the largest allowed error rate. */
const MAX_ERROR_RATE: Readonly<Record<string, number>> = { "synthetic-count": 0.01, "synthetic-compose": 0.05 };

/** Runs the evaluation benchmark. */
export async function run(): Promise<BenchResult> {
  const metrics: BenchMetric[] = [];
  const notes: string[] = [];
  for (const suite of ["synthetic-count", "synthetic-compose"]) {
    const { summary, wallSeconds } = await evaluate({ suite, size, concurrency: 2 });
    metrics.push(
      { name: `${suite} ${size} questions, wall time (concurrency 2)`, value: wallSeconds, unit: "s", targetMax: 180 },
      { name: `${suite} error rate`, value: 1 - summary.overall.accuracy, unit: "fraction", targetMax: MAX_ERROR_RATE[suite] },
      { name: `${suite} throughput (concurrency 2)`, value: summary.throughput.questionsPerSecond, unit: "questions/s" },
    );
    notes.push(`${suite}: ${summary.byFamily.map((row) => `${row.key} ${row.correct}/${row.total}`).join(", ")}; errors ${JSON.stringify(summary.errorsByCode)}.`);
  }
  for (const concurrency of levels) {
    const { summary } = await evaluate({ suite: "synthetic-count", size: scalingSize, concurrency });
    metrics.push({ name: `synthetic-count ${scalingSize} questions, throughput at concurrency ${concurrency}`, value: summary.throughput.questionsPerSecond, unit: "questions/s" });
  }
  notes.push("Wall time includes generating the question list and every image; throughput counts answering only.");
  return { metrics, notes };
}

if (import.meta.main) {
  const result = await run();
  for (const metric of result.metrics) console.log(`${metric.name}: ${metric.value.toFixed(3)} ${metric.unit}${metric.targetMax === undefined ? "" : ` (target ≤ ${metric.targetMax})`}`);
  for (const note of result.notes ?? []) console.log(`- ${note}`);
}
