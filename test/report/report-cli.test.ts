import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ComposeScene } from "../../src/datasets/index.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { sceneWithShapes, writeScenePng } from "./report-fixtures.ts";

const folder = useTemporaryFolder({ prefix: "viper-report-cli-" });
let scene: ComposeScene;
let imagePath: string;

beforeAll(async () => {
  scene = await sceneWithShapes();
  imagePath = await writeScenePng(folder(), scene);
});

describe("--report <file.html>", () => {
  it("viper run writes a report with the answer and one box per found shape", async () => {
    const program = join(folder(), "count.ts");
    await writeFile(program, `async function execute_command(image: ImagePatch): Promise<Answer> {\n  const shapes = await image.find("shape");\n  return shapes.length;\n}\n`);
    const report = join(folder(), "run", "report.html");
    const { exitCode, stdout, stderr } = await runViperInProcess(["run", imagePath, program, "--detector", "pixels", "--report", report]);
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toBe(String(scene.objects.length));
    expect(stderr).toBe(`report: ${report}\n`);
    const html = await readFile(report, "utf8");
    expect(html).toContain(`data-testid="answer">${scene.objects.length}</p>`);
    expect(html.match(/<rect class="box"/g)?.length).toBe(scene.objects.length);
  });

  it("viper run --json writes a report of a failed run too: the error and the partial trace", async () => {
    const program = join(folder(), "throws.ts");
    await writeFile(program, `async function execute_command(image: ImagePatch): Promise<Answer> {\n  await image.find("circle");\n  throw new Error("gave up");\n}\n`);
    const report = join(folder(), "failed.html");
    const { exitCode, stdout } = await runViperInProcess(["run", imagePath, program, "--detector", "pixels", "--json", "--report", report]);
    expect(exitCode).toBe(1);
    expect(JSON.parse(stdout).error.code).toBe("PROGRAM_RUNTIME");
    const html = await readFile(report, "utf8");
    expect(html).toContain(`data-testid="error-code">PROGRAM_RUNTIME</p>`);
    expect(html).toContain("gave up");
    expect(html.match(/<tr class="trace-entry/g)?.length).toBe(1);
  });

  it("viper ask writes a report with the question, the planned program and its attempts", async () => {
    const report = join(folder(), "ask.html");
    const { exitCode, stdout, stderr } = await runViperInProcess(["ask", imagePath, "How many circles are there?", "--detector", "pixels", "--report", report]);
    expect(exitCode).toBe(0);
    expect(stderr).toContain(`report: ${report}\n`);
    const html = await readFile(report, "utf8");
    expect(html).toContain(`data-testid="question">How many circles are there?</b>`);
    expect(html).toContain(`data-testid="answer">${stdout.trim()}</p>`);
    expect(html).toContain("execute_command");
    expect(html).toContain(`<section id="attempts">`);
  });

  it("viper eval writes a report with the summary and the failed questions first", async () => {
    const questions = join(folder(), "questions.jsonl");
    await writeFile(questions, [
      JSON.stringify({ id: "right", image: imagePath, question: "How many circles are there?", answer: scene.objects.filter((object) => object.shape === "circle").length }),
      JSON.stringify({ id: "unsupported", image: imagePath, question: "Who drew this?", answer: "nobody" }),
    ].join("\n"));
    const report = join(folder(), "eval.html");
    const { exitCode, stdout } = await runViperInProcess(["eval", "questions", questions, "--detector", "pixels", "--out", join(folder(), "eval"), "--report", report]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain(`report: ${report}`);
    const html = await readFile(report, "utf8");
    expect(html).toContain(`data-testid="overall">Accuracy <b>50.0%</b>`);
    expect(html.indexOf(`<article class="failure" data-id="unsupported">`)).toBeGreaterThan(0);
    expect(html.indexOf(`<tr data-id="right">`)).toBeGreaterThan(html.indexOf(`data-id="unsupported"`));
  });

  it("an unwritable report path still prints the answer, then says why there is no report (exit 1)", async () => {
    const program = join(folder(), "count.ts");
    const report = join(imagePath, "cannot-be-inside-a-file.html");
    const human = await runViperInProcess(["run", imagePath, program, "--detector", "pixels", "--report", report]);
    expect(human.exitCode).toBe(1);
    expect(human.stdout.trim()).toBe(String(scene.objects.length));
    expect(human.stderr.startsWith(`No report written to ${report}: CONFIG_INVALID: `)).toBe(true);
    const json = await runViperInProcess(["run", imagePath, program, "--detector", "pixels", "--json", "--report", report]);
    expect(json.exitCode).toBe(1);
    const result = JSON.parse(json.stdout);
    expect(result.answer).toBe(scene.objects.length);
    expect(result.error.code).toBe("CONFIG_INVALID");
    expect(result.error.message).toContain(report);
  });
});
