import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { isCudaProviderInstalled } from "../../src/mllm/onnx/index.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { COCO_PHOTO, program, REPO_ROOT, useModelFolders } from "./integration-setup.ts";

const folders = useModelFolders();
let workFolder = "";
let programPath = "";

beforeAll(async () => {
  workFolder = await mkdtemp(join(tmpdir(), "viper-cli-models-"));
  programPath = join(workFolder, "program.ts");
  await writeFile(programPath, program(`return await image.simple_query("What is in the picture?");`));
});
afterAll(async () => {
  await rm(workFolder, { recursive: true, force: true });
});

interface CliOutcome {
  readonly code: number | null;
  readonly json: { answer: unknown; error: null | { code: string; message: string } };
  readonly stderr: string;
}

/** Runs `node bin/viper.js <args>` in a child process (this Node, which is >= 22) and parses its JSON. */
function viper(args: string[], environment: NodeJS.ProcessEnv = process.env): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "bin/viper.js"), ...args], { env: environment, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        resolve({ code, json: JSON.parse(stdout), stderr });
      } catch {
        reject(new Error(`viper printed no JSON (exit ${code}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

/** Runs `viper <args>` in this process (cheaper than a child; the same code path after the launcher). */
async function viperInProcess(args: string[]): Promise<CliOutcome> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: "", stderr: "" };
  stdout.on("data", (chunk: Buffer) => (chunks.stdout += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (chunks.stderr += chunk.toString()));
  const code = await main(args, { stdout, stderr });
  return { code, json: JSON.parse(chunks.stdout), stderr: chunks.stderr };
}

const savedModelsDir = process.env.VIPER_MODELS_DIR;
afterEach(() => {
  if (savedModelsDir === undefined) delete process.env.VIPER_MODELS_DIR;
  else process.env.VIPER_MODELS_DIR = savedModelsDir;
});

const runArgs = () => ["run", COCO_PHOTO, programPath, "--json", "--vlm", `hf:${TINY_MODELS.llavaOnevision}`, "--models-dir", folders.tiny()];

describe("viper run with in-process models", () => {
  it("(bin/viper.js in a child process) answers a simple_query program on a photo with the tiny LLaVA-OneVision and prints the JSON", async () => {
    const { code, json } = await viper(runArgs());
    expect(json.error).toBeNull();
    expect(code).toBe(0);
    expect(typeof json.answer).toBe("string");
    expect((json.answer as string).length).toBeGreaterThan(0);
  });

  it("finds the models in VIPER_MODELS_DIR when --models-dir is not given", async () => {
    process.env.VIPER_MODELS_DIR = folders.tiny();
    const { code, json } = await viperInProcess(["run", COCO_PHOTO, programPath, "--json", "--vlm", `hf:${TINY_MODELS.llava}`]);
    expect(json.error).toBeNull();
    expect(code).toBe(0);
  });

  it("reports a model missing from the models folder as MODEL_NOT_FOUND naming the hub id", async () => {
    const { code, json } = await viperInProcess(["run", COCO_PHOTO, programPath, "--json", "--vlm", "hf:onnx-community/llava-1.5-7b-hf", "--models-dir", folders.tiny()]);
    expect(code).not.toBe(0);
    expect(json.error).toMatchObject({ code: "MODEL_NOT_FOUND", message: expect.stringContaining("onnx-community/llava-1.5-7b-hf") });
  });
});

describe("viper run --vlm-tokens", () => {
  const prumergeArgs = (model: string, tokens: string) => ["run", COCO_PHOTO, programPath, "--json", "--vlm", `hf:${model}`, "--models-dir", folders.tiny(), "--vlm-tokens", tokens];

  it("prumerge answers from the reduced tokens and the JSON trace shows visual tokens in and out", async () => {
    const { code, json } = await viperInProcess(prumergeArgs(TINY_MODELS.llavaPrumerge, "prumerge"));
    expect(json.error).toBeNull();
    expect(code).toBe(0);
    const [call] = (json as unknown as { trace: Array<{ details?: { visualTokensIn: number; visualTokensOut: number } }> }).trace;
    expect(call!.details).toMatchObject({ tokenReduction: "prumerge", visualTokensIn: 576 });
    expect(call!.details!.visualTokensOut).toBeLessThan(576);
  });

  it("with an export lacking cls_attention and keys, answers with all tokens and says why on stderr", async () => {
    const { code, json, stderr } = await viperInProcess(prumergeArgs(TINY_MODELS.llava, "prumerge+"));
    expect(json.error).toBeNull();
    expect(code).toBe(0);
    expect(stderr.match(/viper: .*cannot use prumerge\+ token reduction/g)).toHaveLength(1);
  });

  it("rejects an unknown mode as CONFIG_INVALID listing the modes", async () => {
    const { code, json } = await viperInProcess(prumergeArgs(TINY_MODELS.llavaPrumerge, "half"));
    expect(code).not.toBe(0);
    expect(json.error).toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("all, prumerge, prumerge+") });
  });
});

describe.skipIf(isCudaProviderInstalled())("viper run --device on a machine without CUDA", () => {
  it("(in a child process) --device cuda fails with a DEVICE_UNAVAILABLE JSON error saying how to get CUDA, not a crash", async () => {
    const { code, json, stderr } = await viper([...runArgs(), "--device", "cuda"]);
    expect(code).toBe(1);
    expect(json.error).toMatchObject({ code: "DEVICE_UNAVAILABLE", message: expect.stringContaining("ONNXRUNTIME_NODE_INSTALL=cuda12") });
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("--device auto answers on the CPU and says so on stderr", async () => {
    const { code, json, stderr } = await viperInProcess([...runArgs(), "--device", "auto"]);
    expect(json.error).toBeNull();
    expect(code).toBe(0);
    expect(typeof json.answer).toBe("string");
    expect(stderr).toContain("running on the CPU");
  });
});
