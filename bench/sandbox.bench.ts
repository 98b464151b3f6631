import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { setTimeout as sleep } from "node:timers/promises";
import { releaseSpareIsolate, runProgram, type SandboxPolicy } from "../sandbox/index.ts";
import { FakeToolHost } from "../test/sandbox/fake-tool-host.ts";
import type { BenchMetric, BenchResult } from "./run.ts";
import { prepareInProcessRealm, runInProcess } from "./sandbox/in-process-runner.ts";
import { measurePoolRuns, measureViperRun } from "./sandbox/process-isolation.ts";

/** A ViperGPT-shaped program: two perception calls, a sort, a crop, a count. */
const PROGRAM = `interface Ranked { patch: ImagePatch; x: number }

async function execute_command(image: ImagePatch): Promise<Answer> {
  const circles = await image.find("circle");
  const ranked: Ranked[] = circles.map((patch) => ({ patch, x: patch.horizontal_center }));
  ranked.sort((a, b) => a.x - b.x);
  const left_half = image.crop(0, 0, image.width / 2, image.height);
  const count = await left_half.count("object");
  return [await ranked[1]!.patch.simple_query("What color is this?"), count];
}`;
const PROGRAM_RUNS = 300;
const WARMUP_RUNS = 30;
const TOOL_CALLS = 2_000;
const TOOL_CALL_REPEATS = 7;
const RSS_RUNS = 1_000;
const MANY_CALLS_POLICY: Partial<SandboxPolicy> = { maxToolCalls: TOOL_CALLS + 10 };

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/** Times one in-process run; its realm is prepared first, as the sandbox's spare isolate is. */
async function timeInProcess(source: string, policy: Partial<SandboxPolicy> = {}): Promise<number> {
  const realm = prepareInProcessRealm();
  const startedMs = performance.now();
  await runInProcess(source, new FakeToolHost(), realm, policy);
  return performance.now() - startedMs;
}

// Programs arrive after a planner call or a user action, not back to back; this gap lets the sandbox
// prepare its spare isolate between runs, as it would in use. The "cold" figures release the spare
// first, so the run creates its isolate itself.
const GAP_BETWEEN_RUNS_MS = 10;

/**
 * Per-program cost, sandbox and in-process interleaved so load on the machine hits both alike.
 * @param cold when true, every sandbox run creates its own isolate (no spare).
 */
async function measurePrograms(cold: boolean): Promise<BenchMetric[]> {
  const sandbox = { total: [] as number[], transpile: [] as number[], isolate: [] as number[], run: [] as number[] };
  const inProcess: number[] = [];
  const label = cold ? "program, cold isolate" : "program";
  for (let index = 0; index < WARMUP_RUNS + PROGRAM_RUNS; index++) {
    if (cold) releaseSpareIsolate();
    await sleep(GAP_BETWEEN_RUNS_MS);
    const run = await runProgram({ source: PROGRAM, host: new FakeToolHost() });
    await sleep(GAP_BETWEEN_RUNS_MS);
    const baselineMs = await timeInProcess(PROGRAM);
    if (index < WARMUP_RUNS) continue;
    sandbox.total.push(run.timings.totalMs);
    sandbox.transpile.push(run.timings.transpileMs);
    sandbox.isolate.push(run.timings.isolateMs);
    sandbox.run.push(run.timings.runMs);
    inProcess.push(baselineMs);
  }
  const added = sandbox.total.map((totalMs, index) => totalMs - inProcess[index]!);
  return [
    { name: `${label}: sandbox total (median)`, value: median(sandbox.total), unit: "ms" },
    { name: `${label}: in-process total (median)`, value: median(inProcess), unit: "ms" },
    { name: `${label}: added by the sandbox (median)`, value: median(added), unit: "ms", ...(cold ? {} : { targetMax: 5 }) },
    { name: `${label}: added by the sandbox (p90)`, value: percentile(added, 0.9), unit: "ms" },
    { name: `${label}: sandbox transpile (median)`, value: median(sandbox.transpile), unit: "ms" },
    { name: `${label}: sandbox isolate ready + program top level (median)`, value: median(sandbox.isolate), unit: "ms" },
    { name: `${label}: sandbox execute_command incl. 4 tool calls (median)`, value: median(sandbox.run), unit: "ms" },
  ];
}

/** Per-call cost: one program making TOOL_CALLS calls in a row, run several times. */
async function measureToolCalls(call: string, label: string, targetMax?: number): Promise<BenchMetric[]> {
  const source = `async function execute_command(image: ImagePatch): Promise<Answer> {
  let last: unknown = null;
  for (let index = 0; index < ${TOOL_CALLS}; index++) last = ${call};
  return last === null ? 0 : 1;
}`;
  const sandbox: number[] = [];
  const inProcess: number[] = [];
  for (let repeat = 0; repeat < TOOL_CALL_REPEATS + 1; repeat++) {
    const run = await runProgram({ source, host: new FakeToolHost(), policy: MANY_CALLS_POLICY });
    const baselineMs = await timeInProcess(source, MANY_CALLS_POLICY);
    if (repeat === 0) continue;
    sandbox.push(run.timings.runMs / TOOL_CALLS);
    inProcess.push(baselineMs / TOOL_CALLS);
  }
  const added = sandbox.map((perCallMs, index) => perCallMs - inProcess[index]!);
  return [
    { name: `${label}: sandbox per call (median)`, value: median(sandbox), unit: "ms" },
    { name: `${label}: in-process per call (median)`, value: median(inProcess), unit: "ms" },
    { name: `${label}: added per call (median)`, value: median(added), unit: "ms", ...(targetMax === undefined ? {} : { targetMax }) },
  ];
}

/** RSS growth over consecutive normal runs, after a full GC at both ends. */
async function measureRss(): Promise<BenchMetric[]> {
  for (let index = 0; index < 50; index++) await runProgram({ source: PROGRAM, host: new FakeToolHost() });
  collectGarbage();
  const startMb = process.memoryUsage().rss / 2 ** 20;
  for (let index = 0; index < RSS_RUNS; index++) await runProgram({ source: PROGRAM, host: new FakeToolHost() });
  collectGarbage();
  const grownMb = process.memoryUsage().rss / 2 ** 20 - startMb;
  return [{ name: `RSS growth over ${RSS_RUNS} consecutive runs`, value: grownMb, unit: "MB", targetMax: 50 }];
}

/** The sandbox benchmark: overhead per program and per tool call against an in-process baseline, and RSS. */
export async function run(): Promise<BenchResult> {
  const metrics = [
    ...(await measurePrograms(false)),
    ...(await measurePrograms(true)),
    ...(await measureToolCalls('await image.exists("circle")', "async tool call (exists)", 0.2)),
    ...(await measureToolCalls("image.crop(0, 0, 10, 10)", "sync tool call (crop)")),
    ...(await measureRss()),
    ...(await measurePoolRuns(PROGRAM, median)),
    ...(await measureViperRun(median)),
  ];
  return {
    metrics,
    notes: [
      `Program: ${PROGRAM_RUNS} runs after ${WARMUP_RUNS} warm-up runs of a ViperGPT-shaped program (find, sort, crop, count, simple_query) against the fake tool host; each sandbox run is paired with an in-process run (same transpile, prelude and bridge host, no isolate) and "added" is the per-pair difference.`,
      `Tool calls: a program making ${TOOL_CALLS} calls in a row, ${TOOL_CALL_REPEATS} runs; per call = execute_command time / ${TOOL_CALLS}.`,
      `Every run gets a fresh isolate that runs only its program and is disposed after it. "program" runs use the spare isolate the sandbox prepares between runs (${GAP_BETWEEN_RUNS_MS} ms idle gap, as between planner calls); "cold isolate" runs release the spare first and create their isolate inside the run. The prelude is compiled from V8's code cache in both.`,
      "Process isolation: the same program through a process pool of one warm sandbox process against runProgram in this process, interleaved (200 pairs); tool calls as above (1,000 in a row, 6 runs); a sandbox process start is from creating a pool to the end of its first run.",
      "viper run: bin/viper.js run examples/images/shapes.png <count circles>, --isolation process and in-process alternately, 12 pairs after one warm-up; wall time from spawning the launcher to its exit.",
    ],
  };
}
