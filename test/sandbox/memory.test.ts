import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { createProcessPool, DEFAULT_POLICY, runProgram } from "../../sandbox/index.ts";
import { CAN_MEASURE_PROCESS_TREES, watchProcessTree } from "../fixtures/process-tree-memory.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { REPO_ROOT } from "../fixtures/viper-launcher.ts";
import { FakeToolHost } from "./fake-tool-host.ts";
import { RED_TEAM_PROGRAMS } from "./red-team-programs.ts";

/** The red-team programs that made the host's memory grow outside the isolate's heap (issue 16, item 4). */
const MEMORY_PROGRAMS = RED_TEAM_PROGRAMS.filter((program) => program.memory === true);
const MAX_CLI_PEAK_MB = 350;
const MAX_SDK_GROWTH_MB = 150;
const WALL_MARGIN_MS = 1_000;

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function rssMb(): number {
  collectGarbage();
  return process.memoryUsage().rss / (1024 * 1024);
}

/** Runs the CLI as `npx viper run` does and measures the peak RSS of the CLI and its sandbox process. */
async function cliPeak(programPath: string): Promise<{ exitCode: number | null; stdout: string; peaks: { command: string; peakMb: number }[] }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin/viper.js"), "run", "examples/images/shapes.png", programPath, "--json"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const watch = watchProcessTree(child.pid!);
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  const exitCode = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const peaks = [...watch.stop().entries()].filter(([pid]) => pid !== child.pid).map(([, peak]) => peak);
  return { exitCode, stdout, peaks };
}

describe("memory the program makes the host allocate is bounded (issue 16's memory reproducers)", () => {
  const folder = useTemporaryFolder({ prefix: "viper-memory-" });
  const pool = createProcessPool({ maxProcesses: 1 });
  beforeAll(() => Promise.all(MEMORY_PROGRAMS.map(({ source }, index) => writeFile(join(folder(), `memory-${index}.ts`), source))));
  afterAll(() => pool.dispose());

  it.skipIf(!CAN_MEASURE_PROCESS_TREES).each(MEMORY_PROGRAMS.map((program, index) => [program.title, index] as const))(
    `the CLI (and its sandbox process) peak under ${MAX_CLI_PEAK_MB} MB: %s`,
    { timeout: 120_000 },
    async (_title, index) => {
      const { exitCode, stdout, peaks } = await cliPeak(join(folder(), `memory-${index}.ts`));
      expect(exitCode).toBe(1);
      expect(JSON.parse(stdout).error.code).toBe((MEMORY_PROGRAMS[index]!.outcome as { code: string }).code);
      // The CLI and every sandbox process it started (after a failed run the pool starts a replacement),
      // summed: an upper bound on what they held at the same moment. The launcher (~47 MB) only waits.
      const cli = peaks.filter(({ command }) => command.includes("src/cli/main.ts"));
      const sandboxes = peaks.filter(({ command }) => command.includes("sandbox-process"));
      expect([cli.length, sandboxes.length > 0]).toEqual([1, true]);
      const totalMb = [...cli, ...sandboxes].reduce((sum, { peakMb }) => sum + peakMb, 0);
      console.info(`${MEMORY_PROGRAMS[index]!.title.slice(0, 40)}: CLI + sandbox processes peak ${totalMb.toFixed(0)} MB (${[...cli, ...sandboxes].map(({ peakMb }) => peakMb.toFixed(0)).join(" + ")})`);
      expect(totalMb).toBeLessThan(MAX_CLI_PEAK_MB);
    },
  );

  it.each(MEMORY_PROGRAMS.map((program) => [program.title, program] as const))(
    "ends within the CPU budget + 1 s, in a sandbox process as the CLI runs it: %s",
    { timeout: 60_000 },
    async (_title, { source, outcome }) => {
      const startedMs = performance.now();
      const error = await pool.run({ source, host: new FakeToolHost() }).catch((thrown: unknown) => thrown);
      const elapsedMs = performance.now() - startedMs;
      expect(ViperError.hasCode(error, (outcome as { code: ViperError["code"] }).code)).toBe(true);
      expect(elapsedMs).toBeLessThan(DEFAULT_POLICY.cpuTimeMs + WALL_MARGIN_MS);
    },
  );

  it(`10 runs of each in one SDK process grow its RSS by at most ${MAX_SDK_GROWTH_MB} MB`, { timeout: 300_000 }, async () => {
    const runAll = async () => {
      for (const { source } of MEMORY_PROGRAMS) await runProgram({ source, host: new FakeToolHost() }).catch(() => undefined);
    };
    await runProgram({ source: "async function execute_command(image) { return 1; }", host: new FakeToolHost() });
    const startMb = rssMb();
    for (let round = 0; round < 10; round++) await runAll();
    const grownMb = rssMb() - startMb;
    console.info(`RSS after 10 rounds of the memory reproducers in process: ${grownMb.toFixed(1)} MB more`);
    expect(grownMb).toBeLessThan(MAX_SDK_GROWTH_MB);
  });
});
