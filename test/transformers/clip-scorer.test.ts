import { describe, expect, it } from "vitest";
import { createClipScorer } from "../../src/mllm/transformers/index.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { gradientImage, photoContext, useTinyModels } from "./tiny-models-setup.ts";

const models = useTinyModels();

describe("CLIP text-image scorer (tiny random model)", () => {
  it("gives one probability per text, in order, summing to 1", async () => {
    const scorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder() });
    const image = gradientImage();
    const texts = ["red", "blue", "a yellow square", "red"];
    const scores = await scorer.score(image, texts, photoContext(image));
    expect(scores).toHaveLength(4);
    for (const score of scores) expect(score).toBeGreaterThan(0);
    expect(scores.reduce((sum, score) => sum + score, 0)).toBeCloseTo(1, 5);
    expect(scores[3]).toBeCloseTo(scores[0] ?? Number.NaN, 6);
    await scorer.dispose?.();
  });

  it("keeps each text's score when the texts are given in another order", async () => {
    const scorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder() });
    const image = gradientImage();
    const [red, blue, green] = await scorer.score(image, ["red", "blue", "green"], photoContext(image));
    const reordered = await scorer.score(image, ["green", "red", "blue"], photoContext(image));
    expect(reordered[0]).toBeCloseTo(green ?? Number.NaN, 5);
    expect(reordered[1]).toBeCloseTo(red ?? Number.NaN, 5);
    expect(reordered[2]).toBeCloseTo(blue ?? Number.NaN, 5);
    await scorer.dispose?.();
  });

  it("scores nothing for no texts, and does not claim to", async () => {
    const scorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir: models.folder() });
    const image = gradientImage();
    expect(scorer.supports([], photoContext(image))).toBe(false);
    expect(await scorer.score(image, [], photoContext(image))).toEqual([]);
  });
});
