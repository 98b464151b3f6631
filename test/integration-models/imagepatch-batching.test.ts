import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PatchBox } from "../../sandbox/index.ts";
import { cropRgb } from "../../src/mllm/rgb-image.ts";
import { createClipScorer } from "../../src/mllm/transformers/index.ts";
import { patchToPixelBox } from "../../src/tools/patch-box.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { photoLikeImage } from "../fixtures/synthetic-images.ts";
import { recordSessionRuns, runsOf } from "../transformers/tiny-models-setup.ts";
import { program, runWithModels, useModelFolders } from "./integration-setup.ts";

const folders = useModelFolders();

/** The four quadrants of the image as patches. */
const QUADRANTS = `
  const w = image.width / 2;
  const h = image.height / 2;
  const patches = [image.crop(0, 0, w, h), image.crop(w, 0, image.width, h), image.crop(0, h, w, image.height), image.crop(w, h, image.width, image.height)];`;

describe("concurrent perception calls from a program batch in the in-process models", () => {
  const image = photoLikeImage({ widthPx: 128, heightPx: 96, seed: 3 });
  const vlmOptions = () => ({ modelsDir: folders.defaults(), vlm: `hf:${join(folders.tiny(), TINY_MODELS.llava)}` });

  it("simple_query on every patch in a Promise.all runs one batched generation, with the answers a loop gets", async () => {
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    const together = await runWithModels(image, program(`${QUADRANTS}
  return await Promise.all(patches.map((patch) => patch.simple_query("What color is this?")));`), vlmOptions()).finally(() => (recorded = runs.stop()));
    const oneByOne = await runWithModels(image, program(`${QUADRANTS}
  const answers: string[] = [];
  for (const patch of patches) answers.push(await patch.simple_query("What color is this?"));
  return answers;`), vlmOptions());
    expect(together.answer).toEqual(oneByOne.answer);
    expect((together.answer as string[]).every((answer) => answer.length > 0)).toBe(true);
    // The token-count measurement (one image), then one vision pass over the four patches.
    expect(runsOf(recorded, "image_features").map((run) => run.inputs.pixel_values!.dims[0])).toEqual([1, 4]);
  });

  it("verify_property on every patch in a Promise.all embeds the patches in one CLIP vision-tower run", async () => {
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    const run = await runWithModels(image, program(`${QUADRANTS}
  return await Promise.all(patches.map((patch) => patch.verify_property("teapot", "red")));`), { modelsDir: folders.defaults(), scorer: "clip" }).finally(() => (recorded = runs.stop()));
    expect((run.answer as boolean[]).map((value) => typeof value)).toEqual(["boolean", "boolean", "boolean", "boolean"]);
    const visionRuns = recorded.filter(({ outputNames }) => outputNames.includes("image_embeds") && !outputNames.includes("logits"));
    expect(visionRuns.map((visionRun) => visionRun.inputs.pixel_values!.dims[0])).toEqual([4]);
  });

  it("best_image_match over 8 patches embeds them in one CLIP vision-tower run and picks the patch one-by-one scores pick", async () => {
    const runs = recordSessionRuns();
    let recorded = [] as ReturnType<typeof runs.stop>;
    const run = await runWithModels(image, program(`
  const patches = [0, 1, 2, 3, 4, 5, 6, 7].map((index) => image.crop(index * 12, index * 6, index * 12 + 40, index * 6 + 36));
  return [await best_image_match(patches, ["a red teapot", "a cup"], true), patches];`), { modelsDir: folders.defaults(), scorer: "clip" }).finally(() => (recorded = runs.stop()));
    const visionRuns = recorded.filter(({ outputNames }) => outputNames.includes("image_embeds") && !outputNames.includes("logits"));
    expect(visionRuns.map((visionRun) => visionRun.inputs.pixel_values!.dims[0])).toEqual([8]);

    const [chosen, patches] = run.answer as [number, PatchBox[]];
    const scorer = createClipScorer({ modelsDir: folders.defaults() });
    const meanScores: number[] = [];
    for (const patch of patches) {
      const region = patchToPixelBox(patch, image.height);
      const scores = await scorer.score(cropRgb(image, region), ["a red teapot", "a cup"], { scene: "photo", original: image, region, cache: new Map() });
      meanScores.push((scores[0]! + scores[1]!) / 2);
    }
    await scorer.dispose?.();
    expect(new Set(meanScores).size).toBe(8);
    expect(chosen).toBe(meanScores.indexOf(Math.max(...meanScores)));
  });
});
