import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../sandbox/index.ts";
import { listenOnLoopback, type ListeningServer } from "../fixtures/loopback-http.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { runViperLauncher } from "../fixtures/viper-launcher.ts";

const folder = useTemporaryFolder({ prefix: "viper-limits-" });
const SHAPES = "examples/images/shapes.png";

/** Programs that each break one limit, by file name. */
const PROGRAMS = {
  "spin.ts": "while (true) {}",
  "three-finds.ts": 'await image.find("circle");\n  await image.find("square");\n  await image.find("star");\n  return 3;',
  "asks-a-silent-server.ts": 'return await image.simple_query("Who drew these shapes?");',
  "hoards.ts": "const kept = [];\n  for (;;) kept.push(new Array(100000).fill(kept.length));",
};

/** A VLM server that accepts requests and never answers: a tool call that is slow, not a deadlock. */
let silentServer: ListeningServer;

beforeAll(async () => {
  silentServer = await listenOnLoopback(createServer(() => {}));
  for (const [name, body] of Object.entries(PROGRAMS)) {
    await writeFile(join(folder(), name), `async function execute_command(image: ImagePatch): Promise<Answer> {\n  ${body}\n}\n`);
  }
});
afterAll(async () => silentServer?.close());

/** `viper run` through the launcher with --json; returns the exit code and the parsed object. */
async function runJson(program: keyof typeof PROGRAMS, ...flags: string[]) {
  const { exitCode, stdout } = await runViperLauncher(["run", SHAPES, join(folder(), program), "--json", "--detector", "pixels", ...flags]);
  return { exitCode, result: JSON.parse(stdout) as { answer: unknown; error: { code: string; message: string; details: Record<string, unknown> } | null } };
}

// Each test starts the real launcher (a new Node, the CLI, perception) one to three times.
describe("sandbox limits from the command line", { timeout: 120_000 }, () => {
  it.each(["run", "ask", "eval"])("viper %s --help lists --timeout, --cpu-ms, --memory-mb and --max-tool-calls with their defaults", async (command) => {
    const { exitCode, stdout } = await runViperLauncher([command, "--help"]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(new RegExp(`--timeout <seconds> .*\\(default ${DEFAULT_POLICY.wallTimeoutMs / 1000}\\)`));
    expect(stdout).toMatch(new RegExp(`--cpu-ms <ms> .*\\(default ${DEFAULT_POLICY.cpuTimeMs}\\)`));
    expect(stdout).toMatch(new RegExp(`--memory-mb <MB> .*\\(default ${DEFAULT_POLICY.memoryLimitMb}\\)`));
    expect(stdout).toMatch(new RegExp(`--max-tool-calls <n> .*\\(default ${DEFAULT_POLICY.maxToolCalls}\\)`));
  });

  it.each([
    ["--timeout", "0"],
    ["--timeout", "soon"],
    ["--cpu-ms", "0"],
    ["--cpu-ms", "1.5"],
    ["--memory-mb", "7"],
    ["--max-tool-calls", "-1"],
  ])("refuses %s %s with CONFIG_INVALID naming the flag", async (flag, value) => {
    const { exitCode, result } = await runJson("three-finds.ts", `${flag}=${value}`);
    expect(exitCode).toBe(1);
    expect(result.error).toMatchObject({ code: "CONFIG_INVALID", details: { option: flag } });
    expect(result.error!.message).toContain(flag);
  });

  it("--cpu-ms stops an endless loop, and the error says to raise --cpu-ms (not the policy field)", async () => {
    const { exitCode, result } = await runJson("spin.ts", "--cpu-ms", "50");
    expect(exitCode).toBe(1);
    expect(result.error).toMatchObject({ code: "SANDBOX_CPU", details: { option: "--cpu-ms" } });
    expect(result.error!.message).toMatch(/50 ms/);
    expect(result.error!.message).toContain("--cpu-ms");
    expect(result.error!.message).not.toContain("cpuTimeMs");
  });

  it("--max-tool-calls 2 stops the third call, naming --max-tool-calls; 3 lets the program answer", async () => {
    const limited = await runJson("three-finds.ts", "--max-tool-calls", "2");
    expect(limited.exitCode).toBe(1);
    expect(limited.result.error).toMatchObject({ code: "TOOL_LIMIT", details: { option: "--max-tool-calls" } });
    expect(limited.result.error!.message).toContain("--max-tool-calls");
    expect(limited.result.error!.message).not.toContain("maxToolCalls");
    const enough = await runJson("three-finds.ts", "--max-tool-calls", "3");
    expect(enough).toMatchObject({ exitCode: 0, result: { answer: 3, error: null } });
  });

  it("--timeout 0.5 stops a program waiting on a tool call that does not come back, naming --timeout", async () => {
    const { exitCode, result } = await runJson("asks-a-silent-server.ts", "--timeout", "0.5", "--vlm", "openai-compatible:llava", "--vlm-base-url", `${silentServer.url}/v1`);
    expect(exitCode).toBe(1);
    expect(result.error).toMatchObject({ code: "SANDBOX_TIMEOUT", details: { option: "--timeout" } });
    expect(result.error!.message).toMatch(/500 ms/);
    expect(result.error!.message).toContain("--timeout");
    expect(result.error!.message).not.toContain("wallTimeoutMs");
  });

  it("--memory-mb 8 stops a program that hoards memory, naming --memory-mb", async () => {
    const { exitCode, result } = await runJson("hoards.ts", "--memory-mb", "8", "--cpu-ms", "60000");
    expect(exitCode).toBe(1);
    expect(result.error).toMatchObject({ code: "SANDBOX_MEMORY", details: { option: "--memory-mb" } });
    expect(result.error!.message).toContain("8 MB");
    expect(result.error!.message).toContain("--memory-mb");
  });

  it("viper ask passes the limits to the agent: with --max-tool-calls 0 its program fails with TOOL_LIMIT naming the flag", async () => {
    const { exitCode, stdout } = await runViperLauncher(["ask", SHAPES, "Is the yellow star above the blue square?", "--json", "--max-tool-calls", "0"]);
    expect(exitCode).toBe(1);
    const { error } = JSON.parse(stdout);
    expect(error).toMatchObject({ code: "TOOL_LIMIT", details: { option: "--max-tool-calls" } });
    expect(error.message).toContain("--max-tool-calls");
    expect(error.details.attempts[0].error.message).toContain("--max-tool-calls");
  });

  it("viper ask --json names the flag in the attempts of an answer the fallback gave", async () => {
    const { exitCode, stdout } = await runViperLauncher(["ask", SHAPES, "How many red circles are there?", "--json", "--max-tool-calls", "0"]);
    expect(exitCode).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ answer: 3, fallback: true, error: null });
    expect(result.attempts[0].error.code).toBe("TOOL_LIMIT");
    expect(result.attempts[0].error.message).toContain("--max-tool-calls");
  });

  it("viper eval passes the limits to every question and records errors that name the flag", async () => {
    const questions = join(folder(), "questions.jsonl");
    await writeFile(questions, `${JSON.stringify({ id: "one", image: join(process.cwd(), SHAPES), question: "Is the yellow star above the blue square?", answer: "yes" })}\n`);
    const results = join(folder(), "eval", "results.jsonl");
    const { exitCode } = await runViperLauncher(["eval", "questions", questions, "--json", results, "--max-tool-calls", "0"]);
    expect(exitCode).toBe(0);
    const record = JSON.parse((await readFile(results, "utf8")).trim().split("\n")[0]!);
    expect(record.error.code).toBe("TOOL_LIMIT");
    expect(record.error.message).toContain("--max-tool-calls");
    const refused = await runViperLauncher(["eval", "questions", questions, "--json", results, "--cpu-ms", "0"]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/CONFIG_INVALID: --cpu-ms must be a whole number/);
  });
});
