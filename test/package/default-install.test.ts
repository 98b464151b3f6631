import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cocoPhotoPath } from "../fixtures/coco-photos.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { describeRequiring, testModelFile } from "../fixtures/test-requirements.ts";
import { runViperLauncher } from "../fixtures/viper-launcher.ts";

const YOLOX_NANO = testModelFile("yolox_nano.onnx", { pull: "yolox-nano" });
const folder = useTemporaryFolder({ prefix: "viper-default-install-" });

/** The environment of a project that ran only `npm install viper-ts`: no optional peer resolves. */
const WITHOUT_OPTIONAL = { ...process.env, NODE_OPTIONS: `--import=${join(import.meta.dirname, "../fixtures/without-optional-packages.mjs")}` };
const viper = (...argv: string[]) => runViperLauncher(argv, { env: WITHOUT_OPTIONAL, timeoutMs: 120_000 });

beforeAll(async () => {
  await writeFile(join(folder(), "ask.program.ts"), `async function execute_command(image: ImagePatch): Promise<Answer> {\n  return await image.simple_query("What is this?");\n}\n`);
});

describe("the CLI as installed without the optional extras (transformers.js, onnxruntime-node)", { timeout: 120_000 }, () => {
  it("answers with the offline default", async () => {
    const { exitCode, stdout } = await viper("ask", "examples/images/shapes.png", "How many red circles are there?");
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toBe("3");
  });

  it.each([
    [["--vlm", "hf"], "--vlm hf"],
    [["--detector", "owlv2"], "--detector owlv2"],
    [["--scorer", "clip"], "--scorer clip"],
    [["--depth", "depth-anything"], "--depth depth-anything"],
  ])("%j is PACKAGE_MISSING with the one-line install command", async (options, wanted) => {
    const { exitCode, stdout } = await viper("run", cocoPhotoPath("000000005001.jpg"), join(folder(), "ask.program.ts"), "--json", ...options);
    expect(exitCode).toBe(1);
    const { error } = JSON.parse(stdout);
    expect(error).toMatchObject({ code: "PACKAGE_MISSING", details: { package: "@huggingface/transformers", wanted } });
    expect(error.message).toContain("ONNXRUNTIME_NODE_INSTALL=skip npm install @huggingface/transformers@4.3.1");
  });

  it("viper doctor says ONNX Runtime runs as WebAssembly and how to add each extra, and passes", async () => {
    const { exitCode, stdout } = await viper("doctor", "--json");
    expect(exitCode).toBe(0);
    const { checks } = JSON.parse(stdout) as { checks: { name: string; status: string; detail: string }[] };
    const byName = Object.fromEntries(checks.map((check) => [check.name, check]));
    expect(byName["onnx runtime"]).toMatchObject({ status: "ok", detail: expect.stringMatching(/^onnxruntime-web 1\.30\.0 \(WebAssembly, CPU only: onnxruntime-node is not installed\)$/) });
    expect(byName["onnxruntime-node"]).toMatchObject({ status: "note", detail: expect.stringContaining("ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@1.30.0") });
    expect(byName["@huggingface/transformers"]).toMatchObject({ status: "note", detail: expect.stringContaining("npm install @huggingface/transformers@4.3.1") });
  });
});

describeRequiring([YOLOX_NANO], "YOLOX on a photo as installed without onnxruntime-node", () => {
  it("answers through onnxruntime-web what the checkout answers through onnxruntime-node", async () => {
    const argv = ["ask", cocoPhotoPath("000000005001.jpg"), "How many people are there?", "--models-dir", join(YOLOX_NANO.path, "..")];
    const [web, native] = await Promise.all([viper(...argv), runViperLauncher(argv)]);
    expect(web.exitCode).toBe(0);
    expect(web.stdout).toMatch(/^\d+\n$/);
    expect(web.stdout).toBe(native.stdout);
  }, 120_000);
});
