import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { encodePng } from "../../src/tools/image-io.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { solidImage } from "../fixtures/synthetic-images.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";

const folder = useTemporaryFolder({ prefix: "viper-cli-contract-" });
let imagePath = "";
let programPath = "";

beforeAll(async () => {
  imagePath = join(folder(), "white.png");
  await writeFile(imagePath, await encodePng(solidImage({ widthPx: 32, heightPx: 24, red: 255, green: 255, blue: 255 })));
  programPath = join(folder(), "count.ts");
  await writeFile(programPath, `async function execute_command(image: ImagePatch): Promise<Answer> {\n  return await image.count("circle");\n}\n`);
});

describe("every viper command follows the same command-line contract", () => {
  it.each(["run", "ask", "eval", "models"])("viper %s --help prints its usage on stdout and exits 0", async (command) => {
    const { exitCode, stdout, stderr } = await runViperInProcess([command, "--help"]);
    expect(exitCode).toBe(0);
    expect(stdout.startsWith(`Usage: viper ${command}`)).toBe(true);
    expect(stderr).toBe("");
  });

  it.each(["run", "ask", "eval"])("viper %s --help lists the same perception options", async (command) => {
    const { stdout } = await runViperInProcess([command, "--help"]);
    for (const option of ["--models-dir <folder>", "--device cpu|cuda|auto", "--detector <list>", "--vlm <provider>:<model>", "--vlm-base-url <url>", "--llm", "--depth", "--scorer"]) {
      expect(stdout).toContain(option);
    }
  });

  it.each([
    ["run", ["run", "image.png", "program.ts", "--no-such-option"]],
    ["ask", ["ask", "image.png", "How many?", "--no-such-option"]],
    ["eval", ["eval", "synthetic-count", "--no-such-option"]],
    ["models", ["models", "list", "--no-such-option"]],
  ])("viper %s with an unknown option names it, prints the usage on stderr and exits 2", async (command, argv) => {
    const { exitCode, stdout, stderr } = await runViperInProcess(argv);
    expect(exitCode).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(new RegExp(`^viper ${command}: .*'--no-such-option'`));
    expect(stderr).toContain(`Usage: viper ${command}`);
  });

  it.each([
    ["run", ["run", "image.png"], "expected an image and a program file"],
    ["ask", ["ask", "image.png"], "expected an image and a question"],
    ["eval", ["eval"], "expected a suite"],
    ["eval", ["eval", "synthetic-count", "extra.jsonl"], 'unexpected argument "extra.jsonl"'],
    ["models", ["models"], "expected list, pull or verify"],
  ])("viper %s with missing or extra arguments says what it expected and exits 2", async (command, argv, problem) => {
    const { exitCode, stderr } = await runViperInProcess(argv);
    expect(exitCode).toBe(2);
    expect(stderr.startsWith(`viper ${command}: ${problem}\n`)).toBe(true);
  });

  it("human mode prints a typed error as `viper <command>: CODE: message` on stderr and exits 1", async () => {
    const run = await runViperInProcess(["run", imagePath, join(folder(), "missing.ts")]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^viper run: CONFIG_INVALID: Cannot read program file .*missing\.ts/);
    const models = await runViperInProcess(["models", "pull", "yolo-v99"]);
    expect(models.exitCode).toBe(1);
    expect(models.stderr).toMatch(/^viper models: MODEL_NOT_FOUND: Unknown model "yolo-v99"/);
  });

  it("viper run --json reports a bad perception option as one JSON object with the typed error", async () => {
    const { exitCode, stdout } = await runViperInProcess(["run", imagePath, programPath, "--json", "--device", "tpu"]);
    expect(exitCode).toBe(1);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ answer: null, error: { code: "CONFIG_INVALID", message: expect.stringContaining("--device must be one of cpu, cuda, auto") } });
  });

  it("viper run --json answers with one JSON object and exit 0", async () => {
    const { exitCode, stdout } = await runViperInProcess(["run", imagePath, programPath, "--json", "--detector", "pixels"]);
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ answer: 0, error: null });
  });

  it("ask and eval refuse --planner-base-url without a language-model planner with the same CONFIG_INVALID message", async () => {
    const ask = await runViperInProcess(["ask", imagePath, "How many circles are there?", "--planner-base-url", "http://127.0.0.1:9/v1"]);
    const evaluation = await runViperInProcess(["eval", "synthetic-count", "--planner-base-url", "http://127.0.0.1:9/v1", "--out", join(folder(), "eval")]);
    for (const { exitCode, stderr } of [ask, evaluation]) {
      expect(exitCode).toBe(1);
      expect(stderr).toContain("CONFIG_INVALID: --planner-base-url needs a language-model planner, e.g. --planner openai:<model>");
    }
  });

  it("an empty whole-number option is refused, not read as 0", async () => {
    const { exitCode, stderr } = await runViperInProcess(["eval", "synthetic-count", "--seed=", "--out", join(folder(), "eval")]);
    expect(exitCode).toBe(1);
    expect(stderr).toContain('CONFIG_INVALID: --seed must be a whole number ≥ 0; got "".');
  });
});
