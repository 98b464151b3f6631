import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { SHARED_MODELS_DIR as MODELS_DIR } from "../fixtures/shared-models.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";

const run = (argv: string[]) => runViperInProcess(["models", ...argv]);
const emptyFolder = useTemporaryFolder({ prefix: "viper-models-" });

describe("viper models", () => {
  it("list shows yolox-nano and where it is found", async () => {
    const { exitCode, stdout } = await run(["list", "--models-dir", MODELS_DIR]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("yolox-nano");
    expect(stdout).toContain(`found: ${join(MODELS_DIR, "yolox_nano.onnx")}`);
  });

  it("verify accepts the shared model and exits 1 when a folder lacks it", async () => {
    const ok = await run(["verify", "yolox-nano", "--models-dir", MODELS_DIR]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/yolox-nano: ok \(checksum\)/);
    const all = await run(["verify", "--models-dir", MODELS_DIR]);
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toContain("yolox-m: not downloaded (optional; viper models pull yolox-m)");
    const missing = await run(["verify", "--models-dir", emptyFolder()]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain("MODEL_NOT_FOUND");
  });

  it("pull of a model already present does not download; bad usage exits 2", async () => {
    const present = await run(["pull", "yolox-nano", "--models-dir", MODELS_DIR]);
    expect(present.exitCode).toBe(0);
    expect(present.stdout).toContain("already present and valid");
    expect((await run(["pull"])).exitCode).toBe(2);
    expect((await run(["frobnicate"])).exitCode).toBe(2);
    const unknown = await run(["pull", "yolo-v99"]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("Known models: yolox-nano");
  });
});
