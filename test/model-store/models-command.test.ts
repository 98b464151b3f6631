import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { describeRequiring, testModelFile } from "../fixtures/test-requirements.ts";

const YOLOX_NANO = testModelFile("yolox_nano.onnx", { pull: "yolox-nano" });
const MODELS_DIR = dirname(YOLOX_NANO.path);

const run = (argv: string[]) => runViperInProcess(["models", ...argv]);
const emptyFolder = useTemporaryFolder({ prefix: "viper-models-" });

describeRequiring([YOLOX_NANO], "viper models with the YOLOX model in a models folder", () => {
  it("list shows yolox-nano and where it is found", async () => {
    const { exitCode, stdout } = await run(["list", "--models-dir", MODELS_DIR]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("yolox-nano");
    expect(stdout).toContain(`found: ${join(MODELS_DIR, "yolox_nano.onnx")}`);
  });

  it("verify accepts the model", async () => {
    const ok = await run(["verify", "yolox-nano", "--models-dir", MODELS_DIR]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/yolox-nano: ok \(checksum\)/);
    const all = await run(["verify", "--models-dir", MODELS_DIR]);
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toContain("yolox-m: not downloaded (optional; viper models pull yolox-m)");
  });

  it("pull of a model already present does not download", async () => {
    const present = await run(["pull", "yolox-nano", "--models-dir", MODELS_DIR]);
    expect(present.exitCode).toBe(0);
    expect(present.stdout).toContain("already present and valid");
  });
});

describe("viper models", () => {
  it("verify exits 1 when a folder lacks the model", async () => {
    const missing = await run(["verify", "--models-dir", emptyFolder()]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain("MODEL_NOT_FOUND");
  });

  it("bad usage exits 2; an unknown model exits 1 listing the known ones", async () => {
    expect((await run(["pull"])).exitCode).toBe(2);
    expect((await run(["frobnicate"])).exitCode).toBe(2);
    const unknown = await run(["pull", "yolo-v99"]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("Known models: yolox-nano");
  });
});
