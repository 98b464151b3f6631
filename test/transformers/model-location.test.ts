import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { createDepthEstimator, locateModel } from "../../src/mllm/transformers/index.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { gradientImage, useTinyModels } from "./tiny-models-setup.ts";

const models = useTinyModels();

describe("locating transformers.js models", () => {
  it("serves a hub id from the models folder with downloads off", () => {
    const location = locateModel({ model: TINY_MODELS.clip, modelsDir: models.folder() }, {});
    expect(location).toMatchObject({ modelId: TINY_MODELS.clip, localModelPath: `${models.folder()}/`, allowRemoteModels: false });
  });

  it("reads VIPER_MODELS_DIR when no folder is given", () => {
    const location = locateModel({ model: TINY_MODELS.clip }, { VIPER_MODELS_DIR: models.folder() });
    expect(location.allowRemoteModels).toBe(false);
    expect(location.localModelPath).toBe(`${models.folder()}/`);
  });

  it("accepts a path to a model folder", () => {
    const location = locateModel({ model: join(models.folder(), TINY_MODELS.clip) }, {});
    expect(location).toMatchObject({ modelId: "clip", localModelPath: `${join(models.folder(), "tiny-random")}/`, allowRemoteModels: false });
  });

  it("allows downloads into the user cache when online", async () => {
    const cache = await mkdtemp(join(tmpdir(), "viper-cache-"));
    const location = locateModel({ model: "onnx-community/depth-anything-v2-small" }, { XDG_CACHE_HOME: cache });
    expect(location).toMatchObject({ allowRemoteModels: true, cacheDir: join(cache, "viper-ts", "models", "transformers") });
    await rm(cache, { recursive: true, force: true });
  });

  it.each([
    ["a models folder without the model", { model: "onnx-community/llava-onevision-qwen2-0.5b-ov-hf", modelsDir: "MODELS" }, {}],
    ["offline with an empty cache", { model: "onnx-community/llava-onevision-qwen2-0.5b-ov-hf" }, { VIPER_OFFLINE: "1", XDG_CACHE_HOME: "/nonexistent-cache" }],
  ])("names the missing model and where to put it: %s", (_case, options, environment) => {
    const resolved = { ...options, modelsDir: "modelsDir" in options ? models.folder() : undefined };
    try {
      locateModel(resolved, environment);
      expect.unreachable("locateModel should have thrown");
    } catch (error) {
      expect(ViperError.hasCode(error, "MODEL_NOT_FOUND")).toBe(true);
      expect((error as Error).message).toContain("onnx-community/llava-onevision-qwen2-0.5b-ov-hf");
      expect((error as Error).message).toMatch(/expected its files .* in \//);
    }
  });

  it("rejects a folder path that does not exist", () => {
    expect(() => locateModel({ model: "./no/such/model" }, {})).toThrow(expect.objectContaining({ code: "MODEL_NOT_FOUND" }));
  });

  it("reports an ONNX file missing for the chosen dtype as MODEL_NOT_FOUND, not a crash", async () => {
    const estimator = createDepthEstimator({ model: TINY_MODELS.depthAnything, modelsDir: models.folder(), dtype: "q4" });
    await expect(estimator.depth(gradientImage())).rejects.toMatchObject({ code: "MODEL_NOT_FOUND", message: expect.stringContaining("dtype") });
  });
});
