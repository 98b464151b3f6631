/**
 * Evaluation benchmark: accuracy and throughput of `viper eval` with the offline default (rule planner,
 * pixel back-end) on the generated suites. Heavy: minutes on a 2-core machine, so it is a benchmark, not a test.
 *
 *   bash scripts/with-node.sh node --no-node-snapshot bench/eval.bench.ts
 *
 * Environment: EVAL_BENCH_SIZE (questions of the timed run, default 1000), EVAL_BENCH_SCALING_SIZE
 * (questions per concurrency level, default 200), EVAL_BENCH_CONCURRENCY (levels, default "1,2,4").
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgent, createRulePlanner } from "../src/agent/index.ts";
import { createAgentAnswerer } from "../src/eval/answerers/agent-answerer.ts";
import { evaluateSuite } from "../src/eval/evaluate-suite.ts";
import { evalOutputPaths } from "../src/eval/output-paths.ts";
import { formatSummary, percent } from "../src/eval/summary-table.ts";
import { loadSuite } from "../src/eval/suites/index.ts";
import type { EvalSummary } from "../src/eval/summarize.ts";
import { createPerception } from "../src/tools/create-perception.ts";

const size = Number(process.env.EVAL_BENCH_SIZE ?? 1000);
const scalingSize = Number(process.env.EVAL_BENCH_SCALING_SIZE ?? 200);
const levels = (process.env.EVAL_BENCH_CONCURRENCY ?? "1,2,4").split(",").map(Number);

async function evaluate(options: { suite: string; size: number; concurrency: number }): Promise<EvalSummary> {
  const folder = await mkdtemp(join(tmpdir(), "viper-eval-bench-"));
  const perception = createPerception({});
  try {
    const suite = await loadSuite(options.suite, { seed: 1, size: options.size });
    const answerer = createAgentAnswerer({ agent: createAgent({ planner: createRulePlanner(), perception }) });
    const { summary } = await evaluateSuite({ suite, answerer, paths: evalOutputPaths({ outDir: folder }), concurrency: options.concurrency });
    return summary;
  } finally {
    await perception.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}

const lines = ["| suite | questions | concurrency | accuracy | wall time | questions/s |", "|---|---|---|---|---|---|"];
const row = (summary: EvalSummary): string =>
  `| ${summary.suite} | ${summary.overall.total} | ${summary.throughput.concurrency} | ${percent(summary.overall.accuracy)} | ` +
  `${(summary.throughput.elapsedMs / 1000).toFixed(1)} s | ${summary.throughput.questionsPerSecond} |`;

for (const suite of ["synthetic-count", "synthetic-compose"]) {
  const summary = await evaluate({ suite, size, concurrency: 2 });
  process.stderr.write(`${formatSummary(summary)}\n\n`);
  lines.push(row(summary));
}
for (const concurrency of levels) {
  const summary = await evaluate({ suite: "synthetic-count", size: scalingSize, concurrency });
  lines.push(row(summary));
}
process.stdout.write(`${lines.join("\n")}\n`);
