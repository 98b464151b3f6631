import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createProcessPool, runProgram } from "../../sandbox/index.ts";
import { FakeToolHost } from "../../test/sandbox/fake-tool-host.ts";
import type { BenchMetric } from "../run.ts";

/** Figures of one side-by-side comparison. */
function compared(label: string, isolated: readonly number[], inProcess: readonly number[], median: (values: readonly number[]) => number, unit: string): BenchMetric[] {
  const added = isolated.map((value, index) => value - inProcess[index]!);
  return [
    { name: `${label}: process isolation (median)`, value: median(isolated), unit },
    { name: `${label}: in process (median)`, value: median(inProcess), unit },
    { name: `${label}: added by process isolation (median)`, value: median(added), unit },
  ];
}

/**
 * What running programs in a sandbox process adds, against the same runs in an isolate of this process,
 * interleaved: per program (warm process), per tool call (an IPC round trip each way), and the start of
 * a new sandbox process.
 */
export async function measurePoolRuns(program: string, median: (values: readonly number[]) => number): Promise<BenchMetric[]> {
  const runs = 200;
  const calls = 1_000;
  const pool = createProcessPool({ maxProcesses: 1 });
  try {
    const isolated: number[] = [];
    const inProcess: number[] = [];
    for (let index = 0; index < runs + 20; index++) {
      await sleep(10);
      let startedMs = performance.now();
      await pool.run({ source: program, host: new FakeToolHost() });
      const isolatedMs = performance.now() - startedMs;
      await sleep(10);
      startedMs = performance.now();
      await runProgram({ source: program, host: new FakeToolHost() });
      if (index < 20) continue;
      isolated.push(isolatedMs);
      inProcess.push(performance.now() - startedMs);
    }
    const many = `async function execute_command(image: ImagePatch): Promise<Answer> {
  for (let index = 0; index < ${calls}; index++) await image.exists("circle");
  return 1;
}`;
    const policy = { maxToolCalls: calls + 10 };
    const perCallIsolated: number[] = [];
    const perCallInProcess: number[] = [];
    for (let repeat = 0; repeat < 6; repeat++) {
      perCallIsolated.push((await pool.run({ source: many, host: new FakeToolHost(), policy })).timings.runMs / calls);
      perCallInProcess.push((await runProgram({ source: many, host: new FakeToolHost(), policy })).timings.runMs / calls);
    }
    return [
      ...compared("program, warm sandbox process", isolated, inProcess, median, "ms"),
      ...compared("async tool call (exists)", perCallIsolated, perCallInProcess, median, "ms"),
      { name: "sandbox process start, until ready (median of 5)", value: median(await measureProcessStarts(5)), unit: "ms" },
    ];
  } finally {
    await pool.dispose();
  }
}

async function measureProcessStarts(count: number): Promise<number[]> {
  const starts: number[] = [];
  for (let index = 0; index < count; index++) {
    const pool = createProcessPool({ maxProcesses: 1, idleProcesses: 0 });
    const startedMs = performance.now();
    await pool.run({ source: "async function execute_command(image) { return 1; }", host: new FakeToolHost() });
    starts.push(performance.now() - startedMs);
    await pool.dispose();
  }
  return starts;
}

/** Wall time of one `viper run` through the launcher, as a user types it. */
async function timeViperRun(argv: readonly string[]): Promise<number> {
  const startedMs = performance.now();
  const child = spawn(process.execPath, ["bin/viper.js", "run", ...argv], { stdio: "ignore" });
  const exitCode = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (exitCode !== 0) throw new Error(`viper run ${argv.join(" ")} exited with ${exitCode}`);
  return performance.now() - startedMs;
}

/** `viper run` end to end (launcher, models, image, program), with and without process isolation, interleaved. */
export async function measureViperRun(median: (values: readonly number[]) => number): Promise<BenchMetric[]> {
  const folder = mkdtempSync(join(tmpdir(), "viper-bench-"));
  try {
    const programPath = join(folder, "count.ts");
    writeFileSync(programPath, 'async function execute_command(image: ImagePatch): Promise<Answer> {\n  return (await image.find("circle")).length;\n}\n');
    const argv = ["examples/images/shapes.png", programPath];
    await timeViperRun([...argv, "--isolation", "process"]);
    const isolated: number[] = [];
    const inProcess: number[] = [];
    for (let index = 0; index < 12; index++) {
      isolated.push(await timeViperRun([...argv, "--isolation", "process"]));
      inProcess.push(await timeViperRun([...argv, "--isolation", "in-process"]));
    }
    return compared("viper run (launcher to exit)", isolated, inProcess, median, "ms");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
