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
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgent, createRulePlanner } from "../src/agent/index.ts";
import { createAgentAnswerer } from "../src/eval/answerers/agent-answerer.ts";
import { evaluateSuite } from "../src/eval/evaluate-suite.ts";
import { evalOutputPaths } from "../src/eval/output-paths.ts";
import { loadSuite } from "../src/eval/suites/index.ts";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createQueueQuestionRunner, evalRunId, JOB_FORMAT, openRedisLink, QUEUE_NAME } from "../src/queue/index.ts";
import { createPerception } from "../src/tools/create-perception.ts";
import { startRedisServer } from "../test/fixtures/redis-server.ts";
import { spawnWorker, type WorkerProcess } from "../test/queue/support.ts";
import type { BenchMetric, BenchResult } from "./run.ts";
import { median } from "./side-by-side.ts";

const size = Number(process.env.QUEUE_BENCH_SIZE ?? 400);
const rounds = Number(process.env.QUEUE_BENCH_ROUNDS ?? 2);
/** Questions answered before timing, so cold starts (type checker, sandbox) are not measured. */
const WARM_UP = 10;

type Setup = "local" | "1 worker" | "2 workers";

/** What one timed run took: wall-clock seconds, and CPU seconds of this process and of the workers. */
interface Measured {
  readonly wallSeconds: number;
  /** Both: the bench process (the local run, or the producer) and the workers. */
  readonly cpuSeconds: number;
  readonly workersCpuSeconds: number;
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds this process has used so far. */
function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Times `work`, with the CPU time of this process and of `pids` (the workers). */
async function measure(pids: readonly number[], work: () => Promise<void>): Promise<Measured> {
  const workersCpu = (): number => pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  const [ownBefore, workersBefore] = [ownCpuSeconds(), workersCpu()];
  const started = performance.now();
  await work();
  const workersCpuSeconds = workersCpu() - workersBefore;
  return { wallSeconds: (performance.now() - started) / 1000, cpuSeconds: ownCpuSeconds() - ownBefore + workersCpuSeconds, workersCpuSeconds };
}

/**
 * The queue's own cost per job on a worker: BullMQ's fetch and completion plus viper-ts's run lookup, for
 * jobs of a run that does not exist (the worker skips them without answering), in worker CPU milliseconds.
 */
async function bookkeepingCpuMsPerJob(url: string): Promise<number> {
  const jobs = 2000;
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection });
  const worker = await spawnWorker({ url, name: "bench-bookkeeping" });
  try {
    const image = { type: "recipe", recipe: { generator: "compose-scene", seed: 1 } };
    await queue.addBulk(
      Array.from({ length: jobs }, (_, index) => ({
        name: "batch-image",
        data: { format: JOB_FORMAT, kind: "batch-image", run: "batch-missing", key: `k${index}`, image },
        opts: { jobId: `batch-missing.k${index}`, removeOnComplete: true },
      })),
    );
    const { workersCpuSeconds } = await measure([worker.child.pid!], async () => {
      while (Object.values(await queue.getJobCounts("wait", "active")).some((count) => count > 0)) await new Promise((resolve) => setTimeout(resolve, 100));
    });
    return (workersCpuSeconds / jobs) * 1000;
  } finally {
    worker.child.kill("SIGTERM");
    await worker.exited;
    await queue.close();
    connection.disconnect();
  }
}

/** Runs the local set-up: this process, concurrency 1. */
async function runLocal(folder: string): Promise<Measured> {
  const perception = await createPerception({});
  try {
    const answerer = createAgentAnswerer({ agent: createAgent({ planner: createRulePlanner(), perception }) });
    await evaluateSuite({ suite: await loadSuite("synthetic-count", { seed: 2, size: WARM_UP }), answerer, paths: evalOutputPaths({ outDir: join(folder, "warm-up") }), concurrency: 1 });
    const suite = await loadSuite("synthetic-count", { seed: 1, size });
    return await measure([], async () => {
      await evaluateSuite({ suite, answerer, paths: evalOutputPaths({ outDir: join(folder, "timed") }), concurrency: 1 });
    });
  } finally {
    await perception.dispose();
  }
}

/** Runs a queued set-up with `workers` worker processes (concurrency 1 each); the producer runs here. */
async function runQueued(options: { folder: string; url: string; workers: number }): Promise<Measured> {
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
    return await measure(
      processes.map((worker) => worker.child.pid!),
      () => produce(1, size, join(folder, "timed")),
    );
  } finally {
    for (const worker of processes) worker.child.kill("SIGTERM");
    await Promise.all(processes.map((worker) => worker.exited));
    await link.close();
  }
}

/** Runs the queue benchmark. */
export async function run(): Promise<BenchResult> {
  const redis = await startRedisServer();
  const measured: Record<Setup, Measured[]> = { local: [], "1 worker": [], "2 workers": [] };
  let bookkeepingMs: number;
  try {
    bookkeepingMs = await bookkeepingCpuMsPerJob(redis.url);
    for (let round = 0; round < rounds; round++) {
      const order: Setup[] = round % 2 === 0 ? ["local", "1 worker", "2 workers"] : ["2 workers", "1 worker", "local"];
      for (const setup of order) {
        const folder = await mkdtemp(join(tmpdir(), "viper-queue-bench-"));
        try {
          const result = setup === "local" ? await runLocal(folder) : await runQueued({ folder, url: redis.url, workers: setup === "1 worker" ? 1 : 2 });
          measured[setup].push(result);
          console.log(`round ${round + 1}, ${setup}: ${size} questions in ${result.wallSeconds.toFixed(1)} s, ${result.cpuSeconds.toFixed(1)} CPU s`);
        } finally {
          await rm(folder, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await redis.stop();
  }
  const wall = (setup: Setup): number[] => measured[setup].map((result) => result.wallSeconds);
  const cpuMsPerQuestion = (setup: Setup): number[] => measured[setup].map((result) => (result.cpuSeconds / size) * 1000);
  const coresUsed = (setup: Setup): number => median(measured[setup].map((result) => result.cpuSeconds / result.wallSeconds));
  const perRound = <T>(values: (index: number) => T): T[] => Array.from({ length: rounds }, (_, index) => values(index));
  const speedUps = perRound((index) => wall("1 worker")[index]! / wall("2 workers")[index]!);
  const wallOverheadMs = perRound((index) => ((wall("1 worker")[index]! - wall("local")[index]!) / size) * 1000);
  const cpuOverheadMs = perRound((index) => cpuMsPerQuestion("1 worker")[index]! - cpuMsPerQuestion("local")[index]!);
  const producerCpuMs = measured["1 worker"].map((result) => ((result.cpuSeconds - result.workersCpuSeconds) / size) * 1000);
  const metrics: BenchMetric[] = [
    { name: `local, in-process, concurrency 1: ${size} questions`, value: median(wall("local")), unit: "s" },
    { name: `queue, 1 worker (concurrency 1): ${size} questions`, value: median(wall("1 worker")), unit: "s" },
    { name: `queue, 2 workers (concurrency 1 each): ${size} questions`, value: median(wall("2 workers")), unit: "s" },
    { name: "speed-up, 2 workers vs 1 (median of per-round ratios)", value: median(speedUps), unit: "x" },
    { name: "queue overhead per question, wall (1 worker vs local, median of rounds)", value: median(wallOverheadMs), unit: "ms" },
    { name: "CPU per question, local", value: median(cpuMsPerQuestion("local")), unit: "ms" },
    { name: "CPU per question, queue with 1 worker (worker + producer)", value: median(cpuMsPerQuestion("1 worker")), unit: "ms" },
    { name: "CPU per question, queue with 2 workers (workers + producer)", value: median(cpuMsPerQuestion("2 workers")), unit: "ms" },
    { name: "queue overhead per question, CPU (1 worker vs local, median of rounds)", value: median(cpuOverheadMs), unit: "ms" },
    { name: "producer CPU per question (collecting results, writing the file; 1 worker)", value: median(producerCpuMs), unit: "ms" },
    { name: "queue bookkeeping CPU per job on a worker (jobs skipped unanswered)", value: bookkeepingMs, unit: "ms" },
    { name: "cores the local run got (CPU time / wall time)", value: coresUsed("local"), unit: "cores" },
    { name: "cores the 1-worker run got", value: coresUsed("1 worker"), unit: "cores" },
    { name: "cores the 2-worker run got", value: coresUsed("2 workers"), unit: "cores" },
  ];
  const list = (setup: Setup): string => measured[setup].map((result) => `${result.wallSeconds.toFixed(1)} s (${result.cpuSeconds.toFixed(1)} CPU s)`).join(", ");
  return {
    metrics,
    notes: [
      `synthetic-count, seed 1, ${size} questions, offline default (rule planner, pixel analysis); ${WARM_UP} warm-up questions (seed 2) before each timed run; ${rounds} round(s), order alternating.`,
      `Per round: local ${list("local")}; 1 worker ${list("1 worker")}; 2 workers ${list("2 workers")}.`,
      "Workers are `viper worker` processes on this machine; the producer (polling Redis every 200 ms) and the local run are in the bench process. Wall times run from the producer's start to its last record; CPU times add up the bench process and the workers (Redis's own CPU is not counted).",
    ],
  };
}

if (import.meta.main) {
  const result = await run();
  for (const metric of result.metrics) console.log(`${metric.name}: ${metric.value.toFixed(3)} ${metric.unit}`);
  for (const note of result.notes ?? []) console.log(`- ${note}`);
}
