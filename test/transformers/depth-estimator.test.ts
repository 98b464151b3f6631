import { describe, expect, it } from "vitest";
import { createDepthEstimator, disparityToDepth } from "../../src/mllm/transformers/index.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { gradientImage, photoContext, useTinyModels } from "./tiny-models-setup.ts";

const models = useTinyModels();

describe("Depth Anything depth estimator (tiny random model)", () => {
  it("returns one depth per pixel of the image, rescaled to [0, 1]", async () => {
    const estimator = createDepthEstimator({ model: TINY_MODELS.depthAnything, modelsDir: models.folder() });
    const image = gradientImage(40, 30);
    const map = await estimator.depth(image);
    expect([map.width, map.height, map.data.length]).toEqual([40, 30, 1200]);
    expect(Math.min(...map.data)).toBe(0);
    expect(Math.max(...map.data)).toBe(1);
    await estimator.dispose?.();
  });

  it("is deterministic across separately loaded estimators", async () => {
    const options = { model: TINY_MODELS.depthAnything, modelsDir: models.folder() };
    const first = createDepthEstimator(options);
    const second = createDepthEstimator(options);
    const image = gradientImage();
    expect(Array.from((await first.depth(image)).data)).toEqual(Array.from((await second.depth(gradientImage())).data));
    await Promise.all([first.dispose?.(), second.dispose?.()]);
  });

  it("computes the map once per image and shares it through the perception context", async () => {
    const estimator = createDepthEstimator({ model: TINY_MODELS.depthAnything, modelsDir: models.folder() });
    const image = gradientImage();
    const context = photoContext(image);
    const first = await (estimator.depth as (image: unknown, context: unknown) => Promise<unknown>)(image, context);
    expect(await estimator.depth(image)).toBe(first);
    expect(await context.cache.get("depth-anything:depth-map")).toBe(first);
    await estimator.dispose?.();
  });

  it("still works after dispose (it reloads on the next call)", async () => {
    const estimator = createDepthEstimator({ model: TINY_MODELS.depthAnything, modelsDir: models.folder() });
    await estimator.depth(gradientImage());
    await estimator.dispose?.();
    expect((await estimator.depth(gradientImage(20, 20))).data.length).toBe(400);
    await estimator.dispose?.();
  });
});

describe("disparityToDepth", () => {
  it("turns larger-is-nearer disparity into larger-is-farther depth in [0, 1]", () => {
    expect(Array.from(disparityToDepth(Float32Array.from([4, 2, 1])))).toEqual([0, 2 / 3, 1].map((value) => Math.fround(value)));
  });

  it("maps a flat disparity to all zeros instead of dividing by zero", () => {
    expect(Array.from(disparityToDepth(Float32Array.from([3, 3])))).toEqual([0, 0]);
  });
});
