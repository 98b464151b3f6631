import { PassThrough } from "node:stream";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runModelsCommand } from "../../src/cli/commands/models.ts";

const MODELS_DIR = process.env.VIPER_MODELS_DIR ?? resolve("../shared/models");

async function run(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await runModelsCommand(argv, { stdout, stderr });
  return { code, stdout: String(stdout.read() ?? ""), stderr: String(stderr.read() ?? "") };
}

describe("viper models", () => {
  it("list shows yolox-nano and where it is found", async () => {
    const { code, stdout } = await run(["list", "--models-dir", MODELS_DIR]);
    expect(code).toBe(0);
    expect(stdout).toContain("yolox-nano");
    expect(stdout).toContain(`found: ${join(MODELS_DIR, "yolox_nano.onnx")}`);
  });

  it("verify accepts the shared model and exits 1 when a folder lacks it", async () => {
    const ok = await run(["verify", "yolox-nano", "--models-dir", MODELS_DIR]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/yolox-nano: ok \(checksum\)/);
    const empty = await mkdtemp(join(tmpdir(), "viper-models-"));
    const missing = await run(["verify", "--models-dir", empty]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("MODEL_NOT_FOUND");
    await rm(empty, { recursive: true });
  });

  it("pull of a model already present does not download; bad usage exits 2", async () => {
    const present = await run(["pull", "yolox-nano", "--models-dir", MODELS_DIR]);
    expect(present.code).toBe(0);
    expect(present.stdout).toContain("already present and valid");
    expect((await run(["pull"])).code).toBe(2);
    expect((await run(["frobnicate"])).code).toBe(2);
    const unknown = await run(["pull", "yolo-v99"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Known models: yolox-nano");
  });
});
