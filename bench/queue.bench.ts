/**
 * Queue benchmark: the same synthetic-count questions answered (a) in this process, one at a time, as a
 * local `viper eval --concurrency 1` does, (b) through the queue by one `viper worker` process
 * (concurrency 1), and (c) by two such workers, side by side in one run. Gives the speed-up of a second
 * worker and the queue's own cost per question (queued with one worker vs local).
 *
 *   npm run bench queue
 *
 * Environment: QUEUE_BENCH_SIZE (questions, default 400), QUEUE_BENCH_ROUNDS (rounds of the three set-ups,
 * default 2; the order alternates so machine load hits them alike). Needs Debian's redis-server.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgent, createRulePlanner } from "../src/agent/index.ts";
import { createAgentAnswerer } from "../src/eval/answerers/agent-answerer.ts";
import { evaluateSuite } from "../src/eval/evaluate-suite.ts";
import { evalOutputPaths } from "../src/eval/output-paths.ts";
import { loadSuite } from "../src/eval/suites/index.ts";
import { createQueueQuestionRunner, evalRunId, openRedisLink } from "../src/queue/index.ts";
import { createPerception } from "../src/tools/create-perception.ts";
import { startRedisServer } from "../test/fixtures/redis-server.ts";
import { spawnWorker, type WorkerProcess } from "../test/queue/support.ts";
import type { BenchMetric, BenchResult } from "./run.ts";

const size = Number(process.env.QUEUE_BENCH_SIZE ?? 400);
const rounds = Number(process.env.QUEUE_BENCH_ROUNDS ?? 2);
/** Questions answered before timing, so cold starts (type checker, sandbox) are not measured. */
const WARM_UP = 10;

type Setup = "local" | "1 worker" | "2 workers";

/** Runs the local set-up: this process, concurrency 1. Returns the seconds the timed questions took. */
async function runLocal(folder: string): Promise<number> {
  const perception = await createPerception({});
  try {
    const answerer = createAgentAnswerer({ agent: createAgent({ planner: createRulePlanner(), perception }) });
    await evaluateSuite({ suite: await loadSuite("synthetic-count", { seed: 2, size: WARM_UP }), answerer, paths: evalOutputPaths({ outDir: join(folder, "warm-up") }), concurrency: 1 });
    const suite = await loadSuite("synthetic-count", { seed: 1, size });
    const started = performance.now();
    await evaluateSuite({ suite, answerer, paths: evalOutputPaths({ outDir: join(folder, "timed") }), concurrency: 1 });
    return (performance.now() - started) / 1000;
  } finally {
    await perception.dispose();
  }
}

/** Runs a queued set-up with `workers` worker processes (concurrency 1 each); seconds of the timed questions. */
async function runQueued(options: { folder: string; url: string; workers: number }): Promise<number> {
  const { folder, url, workers } = options;
  const processes: WorkerProcess[] = [];
  const link = await openRedisLink({ url });
  try {
    for (let index = 0; index < workers; index++) processes.push(await spawnWorker({ url, name: `bench-${index + 1}`, args: ["--concurrency", "1"] }));
    const produce = async (seed: number, count: number, out: string): Promise<void> => {
      const suite = await loadSuite("synthetic-count", { seed, size: count });
      const paths = evalOutputPaths({ outDir: out });
      const runId = evalRunId({ suite: suite.name, identity: suite.identity, approach: "program (rules)", resultsPath: paths.results });
      const runner = createQueueQuestionRunner({ link, id: "program (rules)", approach: { kind: "program", planner: "rules" }, runId, fresh: true });
      const { run } = await evaluateSuite({ suite, answerer: runner, paths, fresh: true });
      if (run.records.length !== count) throw new Error(`queued run recorded ${run.records.length} of ${count} questions`);
    };
    // Each worker answers at least one warm-up question when there are as many as workers or more.
    await produce(2, WARM_UP, join(folder, "warm-up"));
    const started = performance.now();
    await produce(1, size, join(folder, "timed"));
    return (performance.now() - started) / 1000;
  } finally {
    for (const worker of processes) worker.child.kill("SIGTERM");
    await Promise.all(processes.map((worker) => worker.exited));
    await link.close();
  }
}

/** Runs the queue benchmark. */
export async function run(): Promise<BenchResult> {
  const redis = await startRedisServer();
  const seconds: Record<Setup, number[]> = { local: [], "1 worker": [], "2 workers": [] };
  try {
    for (let round = 0; round < rounds; round++) {
      const order: Setup[] = round % 2 === 0 ? ["local", "1 worker", "2 workers"] : ["2 workers", "1 worker", "local"];
      for (const setup of order) {
        const folder = await mkdtemp(join(tmpdir(), "viper-queue-bench-"));
        try {
          const measured = setup === "local" ? await runLocal(folder) : await runQueued({ folder, url: redis.url, workers: setup === "1 worker" ? 1 : 2 });
          seconds[setup].push(measured);
          console.log(`round ${round + 1}, ${setup}: ${size} questions in ${measured.toFixed(1)} s`);
        } finally {
          await rm(folder, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await redis.stop();
  }
  const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const perRound = seconds["1 worker"].map((oneWorker, index) => oneWorker / seconds["2 workers"][index]!);
  const overheadMs = seconds["1 worker"].map((oneWorker, index) => ((oneWorker - seconds.local[index]!) / size) * 1000);
  const metrics: BenchMetric[] = [
    { name: `local, in-process, concurrency 1: ${size} questions`, value: median(seconds.local), unit: "s" },
    { name: `queue, 1 worker (concurrency 1): ${size} questions`, value: median(seconds["1 worker"]), unit: "s" },
    { name: `queue, 2 workers (concurrency 1 each): ${size} questions`, value: median(seconds["2 workers"]), unit: "s" },
    { name: "speed-up, 2 workers vs 1 (median of per-round ratios)", value: median(perRound), unit: "x" },
    { name: "queue overhead per question (1 worker vs local, median of rounds)", value: median(overheadMs), unit: "ms" },
  ];
  return {
    metrics,
    notes: [
      `synthetic-count, seed 1, ${size} questions, offline default (rule planner, pixel analysis); ${WARM_UP} warm-up questions (seed 2) before each timed run; ${rounds} round(s), order alternating.`,
      `Per round: local ${seconds.local.map((value) => value.toFixed(1)).join(", ")} s; 1 worker ${seconds["1 worker"].map((value) => value.toFixed(1)).join(", ")} s; 2 workers ${seconds["2 workers"].map((value) => value.toFixed(1)).join(", ")} s.`,
      "Workers are `viper worker` processes on this machine; the producer (polling Redis every 200 ms) and the local run are in the bench process. Times run from the producer's start to its last record.",
    ],
  };
}

if (import.meta.main) {
  const result = await run();
  for (const metric of result.metrics) console.log(`${metric.name}: ${metric.value.toFixed(3)} ${metric.unit}`);
  for (const note of result.notes ?? []) console.log(`- ${note}`);
}
