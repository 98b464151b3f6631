import { rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cropRgb } from "../../src/mllm/rgb-image.ts";
import { createClipScorer } from "../../src/mllm/transformers/index.ts";
import { TINY_MODELS, writeTinyModels } from "../fixtures/onnx/index.ts";
import { countSessionRuns, gradientImage, photoContext, recordSessionRuns, useTinyModels } from "./tiny-models-setup.ts";

const models = useTinyModels();

describe("CLIP text-image scorer (tiny random model)", () => {
  it("gives each text its own score in (0, 1), in order, whatever else is asked with it", async () => {
    const scorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder() });
    const image = gradientImage();
    const scores = await scorer.score(image, ["red", "blue", "a yellow square", "red"], photoContext(image));
    expect(scores).toHaveLength(4);
    for (const score of scores) {
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThan(1);
    }
    expect(scores[3]).toBe(scores[0]);
    const [alone] = await scorer.score(image, ["blue"], photoContext(image));
    expect(alone).toBeCloseTo(scores[1] ?? Number.NaN, 6);
    await scorer.dispose?.();
  });

  it("scores a single text on its own scale, so verify_property can say no (not a softmax of one)", async () => {
    const scorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder() });
    const image = gradientImage();
    const texts = ["red", "blue", "green", "dog", "cat", "car", "tree", "a yellow square"];
    const scores = await Promise.all(texts.map(async (text) => (await scorer.score(image, [text], photoContext(image)))[0]!));
    // Random weights still spread the texts: some score under one half, some over.
    expect(Math.min(...scores)).toBeLessThan(0.5);
    expect(Math.max(...scores)).toBeGreaterThan(0.5);
    await scorer.dispose?.();
  });

  it("runs the vision tower once per image region, and the text tower once per new text", async () => {
    const scorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder() });
    const image = gradientImage();
    const context = photoContext(image);
    await scorer.score(image, ["warm up"], context); // loads the model and embeds the negatives
    const runs = countSessionRuns();
    const crop = gradientImage(20, 20);
    const cropContext = { ...context, region: { x0: 0, y0: 0, x1: 20, y1: 20 } };
    await scorer.score(image, ["red", "blue"], context);
    await scorer.score(image, ["red square"], context);
    await scorer.score(crop, ["red", "green"], cropContext);
    await scorer.score(gradientImage(20, 20), ["green"], cropContext); // the same region: cached through the context
    const runsTo = runs.stop();
    expect(runsTo("image_embeds")).toBe(1);
    expect(runsTo("text_embeds")).toBe(3);
    await scorer.dispose?.();
  });

  it("embeds the new patches of concurrent calls (best_image_match over 8 patches) in one vision-tower run, with the one-by-one scores", async () => {
    const image = gradientImage(96, 64);
    // Each run gets its own perception cache (contexts), as two program runs would.
    const patches = () =>
      Array.from({ length: 8 }, (_, index) => {
        const region = { x0: index * 8, y0: index * 4, x1: index * 8 + 32 + index, y1: index * 4 + 24 };
        return { pixels: cropRgb(image, region), context: { ...photoContext(image), region } };
      });
    const texts = ["a yellow square", "red"];
    const oneByOne = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder() });
    const alone: number[][] = [];
    for (const { pixels, context } of patches()) alone.push(await oneByOne.score(pixels, texts, context));
    const batched = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder() });
    await batched.score(image, ["warm up"], photoContext(image));
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    const together = await Promise.all(patches().map(({ pixels, context }) => batched.score(pixels, texts, context))).finally(() => (recorded = runs.stop()));
    const visionRuns = recorded.filter(({ outputNames }) => outputNames.includes("image_embeds") && !outputNames.includes("logits"));
    expect(visionRuns.map((run) => run.inputs.pixel_values!.dims[0])).toEqual([8]);
    together.forEach((scores, patch) => scores.forEach((score, text) => expect(score).toBeCloseTo(alone[patch]![text]!, 6)));
    expect(new Set(together.map(([score]) => score)).size).toBe(8);
    await Promise.all([oneByOne.dispose?.(), batched.dispose?.()]);
  });

  it("splits concurrent new patches into vision runs of at most maxBatchSize", async () => {
    const scorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder(), maxBatchSize: 3 });
    const image = gradientImage(96, 64);
    await scorer.score(image, ["warm up"], photoContext(image));
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    await Promise.all(
      Array.from({ length: 7 }, (_, index) => {
        const region = { x0: index, y0: 0, x1: index + 40, y1: 40 };
        return scorer.score(cropRgb(image, region), ["red"], { ...photoContext(image), region });
      }),
    ).finally(() => (recorded = runs.stop()));
    const visionRuns = recorded.filter(({ outputNames }) => outputNames.includes("image_embeds") && !outputNames.includes("logits"));
    expect(visionRuns.map((run) => run.inputs.pixel_values!.dims[0])).toEqual([3, 3, 1]);
    await scorer.dispose?.();
  });

  it("keeps scoring correctly when the text-embedding cache overflows (2048 texts) and is emptied", async () => {
    const scorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder() });
    const image = gradientImage();
    const first = Array.from({ length: 2000 }, (_, index) => `thing ${index}`);
    const overflow = [...Array.from({ length: 60 }, (_, index) => `other ${index}`), "thing 7", "thing 1999"];
    const before = await scorer.score(image, first, photoContext(image));
    const after = await scorer.score(image, overflow, photoContext(image));
    expect(after.at(-2)).toBeCloseTo(before[7] ?? Number.NaN, 6);
    expect(after.at(-1)).toBeCloseTo(before[1999] ?? Number.NaN, 6);
    await scorer.dispose?.();
  });

  it.each([
    ["CLIP", "clip"],
    ["SigLIP", "siglip"],
  ] as const)("%s: falls back to the joint onnx/model.onnx when the export has no separate towers, with the same scores", async (_name, key) => {
    const jointOnly = await writeTinyModels({ [key]: TINY_MODELS[key] });
    await rm(join(jointOnly, TINY_MODELS[key], "onnx/text_model.onnx"));
    await rm(join(jointOnly, TINY_MODELS[key], "onnx/vision_model.onnx"));
    const joint = createClipScorer({ model: TINY_MODELS[key], modelsDir: jointOnly });
    const towers = createClipScorer({ model: TINY_MODELS[key], modelsDir: models.folder() });
    const image = gradientImage();
    const texts = ["red", "a yellow square", "dog"];
    const fromJoint = await joint.score(image, texts, photoContext(image));
    const fromTowers = await towers.score(image, texts, photoContext(image));
    fromJoint.forEach((score, index) => expect(score).toBeCloseTo(fromTowers[index] ?? Number.NaN, 4));
    for (const score of fromTowers) expect(score).toBeGreaterThan(0);
    expect(new Set(fromTowers).size).toBe(3);
    // Concurrent patches: one joint run embeds them together, with the towers' scores.
    const regions = [{ x0: 0, y0: 0, x1: 24, y1: 20 }, { x0: 10, y0: 8, x1: 48, y1: 36 }, { x0: 20, y0: 0, x1: 40, y1: 30 }];
    const score = (scorer: typeof joint) => Promise.all(regions.map((region) => scorer.score(cropRgb(image, region), ["red"], { ...photoContext(image), region })));
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    const jointPatches = await score(joint).finally(() => (recorded = runs.stop()));
    expect(recorded.filter(({ outputNames }) => outputNames.includes("logits_per_image")).map((run) => run.inputs.pixel_values!.dims[0])).toEqual([3]);
    const towerPatches = await score(towers);
    jointPatches.forEach(([value], index) => expect(value).toBeCloseTo(towerPatches[index]![0]!, 4));
    await Promise.all([joint.dispose?.(), towers.dispose?.()]);
    await rm(jointOnly, { recursive: true, force: true });
  });

  it("scores nothing for no texts, and does not claim to", async () => {
    const scorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder() });
    const image = gradientImage();
    expect(scorer.supports([], photoContext(image))).toBe(false);
    expect(await scorer.score(image, [], photoContext(image))).toEqual([]);
  });

  it("rejects an empty list of negative captions", () => {
    expect(() => createClipScorer({ model: TINY_MODELS.clip, negativeTexts: [] })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });
});
