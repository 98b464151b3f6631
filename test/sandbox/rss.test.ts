import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { runProgram, type SandboxPolicy } from "../../sandbox/index.ts";
import { FakeToolHost } from "./fake-tool-host.ts";
import { expectHealthyRun } from "./run-helpers.ts";

// A full GC before each measurement keeps the figure about leaks, not about when V8 felt like collecting.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

// A 300 ms CPU budget: deep recursion takes ~40 ms of it, but on a loaded machine a GC pause now and then
// took one of 1,000 runs past 150 ms.
const QUICK_POLICY: Partial<SandboxPolicy> = { cpuTimeMs: 300, wallTimeoutMs: 1_500, memoryLimitMb: 16, maxToolCalls: 3, maxResultBytes: 1_000 };

/** Quick hostile programs, each with the code it must end with. */
const HOSTILE_MIX: readonly { body: string; code: string }[] = [
  { body: 'throw new Error("boom");', code: "PROGRAM_RUNTIME" },
  { body: "throw null;", code: "PROGRAM_RUNTIME" },
  { body: "return () => 1;", code: "PROGRAM_RESULT" },
  { body: "const items = [1]; items.push(items); return items;", code: "PROGRAM_RESULT" },
  { body: 'while (true) await image.exists("circle");', code: "TOOL_LIMIT" },
  { body: 'return "x".repeat(100000);', code: "RESULT_TOO_LARGE" },
  { body: "return new Array(1e9).fill(0);", code: "SANDBOX_MEMORY" },
  { body: "return await image.find(7);", code: "TOOL_ARGUMENT" },
  { body: "return (", code: "PROGRAM_SYNTAX" },
  { body: "const f = (n) => f(n + 1); return f(0);", code: "PROGRAM_RUNTIME" },
];
const CPU_LOOP = { body: "while (true) {}", code: "SANDBOX_CPU" };

function rssMb(): number {
  collectGarbage();
  return process.memoryUsage().rss / (1024 * 1024);
}

describe("the host stays healthy", () => {
  it("1,000 consecutive hostile runs grow RSS by less than 100 MB", { timeout: 180_000 }, async () => {
    for (let warmup = 0; warmup < 50; warmup++) await runHostile(warmup);
    const startMb = rssMb();
    for (let index = 0; index < 1_000; index++) await runHostile(index);
    const grownMb = rssMb() - startMb;
    console.info(`RSS after 1,000 hostile runs: ${grownMb.toFixed(1)} MB more than before`);
    expect(grownMb).toBeLessThan(100);
    await expectHealthyRun();
  });
});

async function runHostile(index: number): Promise<void> {
  const { body, code } = index % 50 === 49 ? CPU_LOOP : HOSTILE_MIX[index % HOSTILE_MIX.length]!;
  const source = `async function execute_command(image) {\n${body}\n}`;
  const error = await runProgram({ source, host: new FakeToolHost(), policy: QUICK_POLICY }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!ViperError.hasCode(error, code as ViperError["code"])) {
    throw new Error(`run ${index} (${body}) should fail with ${code}, got ${String(error)}`);
  }
}
