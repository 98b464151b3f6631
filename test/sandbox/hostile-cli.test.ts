import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { runViperLauncher } from "../fixtures/viper-launcher.ts";
import { RED_TEAM_PROGRAMS } from "./red-team-programs.ts";

const IMAGE = "examples/images/shapes.png";
const folder = useTemporaryFolder({ prefix: "viper-red-team-" });
const programFile = (index: number) => join(folder(), `red-team-${index}.ts`);

beforeAll(async () => {
  await Promise.all(RED_TEAM_PROGRAMS.map(({ source }, index) => writeFile(programFile(index), source)));
  await writeFile(join(folder(), "throws.ts"), 'async function execute_command(image: ImagePatch) { throw new Error("\\u001b[2J\\u001b[Hviper: all good\\nfake"); }');
  await writeFile(join(folder(), "count.ts"), 'async function execute_command(image: ImagePatch) { return (await image.find("circle")).length; }');
});

describe("the red-team programs through the real launcher (bin/viper.js run --json)", () => {
  it.each(RED_TEAM_PROGRAMS.map((program, index) => [program.title, index] as const))("%s", { timeout: 120_000 }, async (_title, index) => {
    const { outcome, cliOutcome = outcome } = RED_TEAM_PROGRAMS[index]!;
    const { exitCode, stdout } = await runViperLauncher(["run", IMAGE, programFile(index), "--json"], { timeoutMs: 100_000 });
    const result = JSON.parse(stdout) as { answer: unknown; error: { code: string; message: string } | null };
    if ("code" in cliOutcome) {
      expect(exitCode).toBe(1);
      expect(result.error?.code).toBe(cliOutcome.code);
      if (cliOutcome.message !== undefined) expect(result.error?.message).toMatch(cliOutcome.message);
    } else {
      expect(result.error).toBeNull();
      expect(exitCode).toBe(0);
      expect(result.answer).toEqual(cliOutcome.answer);
    }
  });

  it("a normal run right after answers", { timeout: 120_000 }, async () => {
    const { exitCode, stdout } = await runViperLauncher(["run", IMAGE, join(folder(), "count.ts")]);
    expect([exitCode, stdout]).toEqual([0, "4\n"]);
  });
});

describe("human output cannot drive the terminal", () => {
  it("an answer's escape sequences and newlines are printed escaped, on one line", { timeout: 120_000 }, async () => {
    const index = RED_TEAM_PROGRAMS.findIndex(({ title }) => title.startsWith("7."));
    const { exitCode, stdout } = await runViperLauncher(["run", IMAGE, programFile(index)]);
    expect(exitCode).toBe(0);
    expect(stdout).toBe("\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[Hfake line\\nanswer: 42\\u009b31m\n");
  });

  it("an error message quoting the program is printed escaped", { timeout: 120_000 }, async () => {
    const { exitCode, stderr } = await runViperLauncher(["run", IMAGE, join(folder(), "throws.ts")]);
    expect(exitCode).toBe(1);
    expect(stderr).not.toMatch(/\u001b/);
    expect(stderr).toContain("\\u001b[2J\\u001b[Hviper: all good\\nfake");
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("--json leaves no raw C1 control or bidirectional override in its output (the same JSON value)", { timeout: 120_000 }, async () => {
    const index = RED_TEAM_PROGRAMS.findIndex(({ title }) => title.startsWith("7."));
    const { stdout } = await runViperLauncher(["run", IMAGE, programFile(index), "--json"]);
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(stdout).answer).toBe("\u001b]0;pwned\u0007\u001b[2J\u001b[Hfake line\nanswer: 42\u009b31m");
  });
});
