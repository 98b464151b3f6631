import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_VLM_MODEL } from "../../src/mllm/transformers/index.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { photoLikeImage } from "../fixtures/synthetic-images.ts";
import { program, runWithModels, useModelFolders } from "./integration-setup.ts";

const folders = useModelFolders();
const image = photoLikeImage({ widthPx: 64, heightPx: 48, seed: 3 });
const askWhat = program(`return await image.simple_query("What is this?");`);

const savedEnvironment = { ...process.env };
afterEach(() => {
  for (const name of ["VIPER_MODELS_DIR", "VIPER_OFFLINE", "XDG_CACHE_HOME"]) {
    if (savedEnvironment[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnvironment[name];
  }
});

describe("where in-process models come from, through the ImagePatch API", () => {
  it.each([
    ["--vlm hf (the default hub id)", "hf", () => folders.defaults()],
    ["--vlm hf:<hub id>", `hf:${TINY_MODELS.llava}`, () => folders.tiny()],
  ])("%s resolves to <modelsDir>/<hub id>/", async (_name, vlm, modelsDir) => {
    const run = await runWithModels(image, askWhat, { modelsDir: modelsDir(), vlm });
    expect(typeof run.answer).toBe("string");
    expect(run.trace[0]?.error).toBeUndefined();
  });

  it("serves local copies from VIPER_MODELS_DIR when no models folder is given", async () => {
    process.env.VIPER_MODELS_DIR = folders.tiny();
    const run = await runWithModels(image, program(`return [await image.simple_query("What is this?"), await image.compute_depth()];`), {
      vlm: `hf:${TINY_MODELS.llavaOnevision}`,
      depth: `depth-anything:${TINY_MODELS.depthAnything}`,
    });
    const [answer, depth] = run.answer as [string, number];
    expect(typeof answer).toBe("string");
    expect(depth).toBeGreaterThanOrEqual(0);
  });

  it("fails the run with MODEL_NOT_FOUND naming the hub id when the models folder lacks the model", async () => {
    // The tiny folder has no model under the real default id.
    await expect(runWithModels(image, askWhat, { modelsDir: folders.tiny(), vlm: "hf" })).rejects.toMatchObject({
      code: "MODEL_NOT_FOUND",
      message: expect.stringContaining(DEFAULT_VLM_MODEL),
    });
  });

  describe("offline", () => {
    let emptyCache = "";
    afterEach(async () => {
      await rm(emptyCache, { recursive: true, force: true });
    });

    it.each([
      ["the VLM", { vlm: "hf:onnx-community/llava-1.5-7b-hf" }, "onnx-community/llava-1.5-7b-hf", askWhat],
      ["the detector", { detector: "owlv2" }, "Xenova/owlv2-base-patch16-ensemble", program(`return await image.find("kettle");`)],
      ["the scorer", { scorer: "clip" }, "Xenova/clip-vit-base-patch32", program(`return await image.best_text_match(["a kettle", "a dog"]);`)],
      ["the depth model", { depth: "depth-anything" }, "onnx-community/depth-anything-v2-small", program(`return await image.compute_depth();`)],
    ])("a model missing from the cache (%s) fails with MODEL_NOT_FOUND naming its hub id, no download tried", async (_name, options, hubId, source) => {
      emptyCache = await mkdtemp(join(tmpdir(), "viper-empty-cache-"));
      process.env.VIPER_OFFLINE = "1";
      process.env.XDG_CACHE_HOME = emptyCache;
      delete process.env.VIPER_MODELS_DIR;
      const started = Date.now();
      await expect(runWithModels(image, source, options)).rejects.toMatchObject({ code: "MODEL_NOT_FOUND", message: expect.stringContaining(hubId) });
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
});
