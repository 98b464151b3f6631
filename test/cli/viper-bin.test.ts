import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES } from "../../examples/example-catalog.ts";
import { decompressionBombPng, truncatedJpeg } from "../fixtures/bad-images.ts";
import { cocoPhotoPath } from "../fixtures/coco-photos.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { describeRequiring, testModelFile } from "../fixtures/test-requirements.ts";
import { runViperLauncher } from "../fixtures/viper-launcher.ts";

/** Runs the real `viper` launcher (bin/viper.js) the way `npx viper` does, as a separate process. */
const viper = (...argv: string[]) => runViperLauncher(argv);

const folder = useTemporaryFolder({ prefix: "viper-bin-" });
const countProgram = `async function execute_command(image: ImagePatch): Promise<Answer> {\n  return (await image.find("object")).length;\n}\n`;
const existsProgram = (label: string) => `async function execute_command(image: ImagePatch): Promise<Answer> {\n  return bool_to_yesno(await image.exists("${label}"));\n}\n`;

beforeAll(async () => {
  await writeFile(join(folder(), "count.program.ts"), countProgram);
  await writeFile(join(folder(), "bomb.png"), decompressionBombPng(20_000));
  await writeFile(join(folder(), "truncated.jpg"), await truncatedJpeg());
  await writeFile(join(folder(), "exists.program.ts"), existsProgram("green circle"));
  await writeFile(join(folder(), "giraffe.program.ts"), existsProgram("giraffe"));
  await writeFile(join(folder(), "throws.program.ts"), `async function execute_command(image: ImagePatch): Promise<Answer> {\n  const found = await image.find("circle");\n  throw new Error("no luck with " + found.length);\n}\n`);
});

describe("viper run, as a new user runs the examples", () => {
  it.each(EXAMPLES.map((example) => [example.program, example] as const))("%s prints the expected answer", async (_name, example) => {
    const { exitCode, stdout } = await viper("run", join("examples/images", example.image), join("examples", example.program));
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toBe(String(example.expected));
  });

  it("--json prints one object with the answer, program, trace and timings", async () => {
    const { exitCode, stdout } = await viper("run", "examples/images/shapes.png", join(folder(), "count.program.ts"), "--json");
    expect(exitCode).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ answer: expect.any(Number), program: countProgram, error: null });
    expect(result.trace[0]).toMatchObject({ type: "tool-call", tool: "find", args: ["object"], line: 2 });
    expect(result.timings.totalMs).toBeGreaterThan(0);
    expect(result.warnings).toEqual([]);
  });
});

describe("viper run says when an answer rests on a find that found nothing", () => {
  it("prints the answer on stdout and one warning line on stderr; --json carries the warnings", async () => {
    const human = await viper("run", "examples/images/shapes.png", join(folder(), "exists.program.ts"));
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toBe("no\n");
    expect(human.stderr).toMatch(/^warning \(line 2\): exists\("green circle"\) found nothing \(detector pixels\).*$/m);
    expect(human.stderr.trim().split("\n")).toHaveLength(1);
    const json = await viper("run", "examples/images/shapes.png", join(folder(), "exists.program.ts"), "--json");
    const result = JSON.parse(json.stdout);
    expect(result).toMatchObject({ answer: "no", error: null, warnings: [{ code: "EMPTY_EVIDENCE", line: 2 }] });
    expect(json.stderr).toBe("");
  });

});

const YOLOX_NANO = testModelFile("yolox_nano.onnx", { pull: "yolox-nano" });

describeRequiring([YOLOX_NANO], "viper run on a photo with an empty find", () => {
  it("the warning names the detector and its calibrated threshold", async () => {
    const { exitCode, stdout } = await viper("run", cocoPhotoPath("000000318080.jpg"), join(folder(), "giraffe.program.ts"), "--json", "--models-dir", dirname(YOLOX_NANO.path));
    expect(exitCode).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.answer).toBe("no");
    expect(result.warnings).toEqual([{ code: "EMPTY_EVIDENCE", line: 2, message: expect.stringContaining('exists("giraffe") found nothing (detector yolox-nano, score ≥ 0.30)') }]);
  });
});

describe("viper ask on a plain-background scene it cannot read", () => {
  it("NO_BACKEND says what pixel analysis knows and suggests no photo detector", async () => {
    const { exitCode, stderr } = await viper("ask", "examples/images/butterflies.png", "How many purple butterflies are there?");
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/NO_BACKEND: No back-end can serve find\("purple butterflies"\) on this plain-background scene/);
    expect(stderr).toContain("circle, square");
    expect(stderr).not.toMatch(/owlv2|grounding-dino/);
  });
});

describe("viper run on bad input exits non-zero with a typed error", () => {
  it.each([
    ["a decompression bomb", "bomb.png", "IMAGE_INVALID"],
    ["a truncated JPEG", "truncated.jpg", "IMAGE_INVALID"],
    ["a missing image", "nowhere.png", "IMAGE_INVALID"],
  ])("%s → %s", async (_what, image, code) => {
    const { exitCode, stdout } = await viper("run", join(folder(), image), join(folder(), "count.program.ts"), "--json");
    expect(exitCode).not.toBe(0);
    expect(JSON.parse(stdout).error.code).toBe(code);
  });

  it("a program that throws reports its line and the partial trace", async () => {
    const { exitCode, stdout } = await viper("run", "examples/images/shapes.png", join(folder(), "throws.program.ts"), "--json");
    expect(exitCode).not.toBe(0);
    const result = JSON.parse(stdout);
    expect(result.error).toMatchObject({ code: "PROGRAM_RUNTIME", details: { line: 3 } });
    expect(result.error.message).toMatch(/no luck with/);
    expect(result.trace).toHaveLength(1);
  });

  it("--trace prints the calls made before the program failed, then the error", async () => {
    const { exitCode, stdout, stderr } = await viper("run", "examples/images/shapes.png", join(folder(), "throws.program.ts"), "--trace");
    expect(exitCode).toBe(1);
    expect(stdout).toBe("");
    const [traceLine, errorLine] = stderr.trim().split("\n");
    expect(JSON.parse(traceLine!)).toMatchObject({ type: "tool-call", tool: "find", args: ["circle"], line: 2 });
    expect(errorLine).toMatch(/^viper run: PROGRAM_RUNTIME: .*no luck with/);
  });

  it("without --json the error goes to stderr with its code", async () => {
    const { exitCode, stdout, stderr } = await viper("run", join(folder(), "bomb.png"), join(folder(), "count.program.ts"));
    expect(exitCode).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/IMAGE_INVALID: Cannot use image .*bomb\.png: it is 20000x20000/);
  });

  it("an unknown command or missing arguments print usage with exit code 2", async () => {
    expect((await viper("fly")).exitCode).toBe(2);
    expect((await viper("run", "examples/images/shapes.png")).exitCode).toBe(2);
  });
});
