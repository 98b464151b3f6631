import { describe, expect, it } from "vitest";
import type { TraceEntry } from "../../sandbox/index.ts";
import { createTransformersVlm } from "../../src/mllm/transformers/index.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { COCO_PHOTO, program, runWithModels, useModelFolders } from "./integration-setup.ts";

const folders = useModelFolders();

/** The whole photo and its left half asked together (a Promise.all, so they share one generation). */
const TWO_QUESTIONS = program(`
  const left = image.crop(0, 0, image.width / 2, image.height);
  return await Promise.all([image.simple_query("What is in the picture?"), left.simple_query("What is on the left?")]);`);

function queries(trace: readonly TraceEntry[]): TraceEntry[] {
  return trace.filter((entry) => entry.tool === "simple_query");
}

describe("simple_query through the sandbox with PruMerge (tiny LLaVA-1.5, 576 visual tokens, cls_attention / keys outputs)", () => {
  it("answers from the reduced tokens, as the VLM does directly, and the trace records visual tokens in and out per call", async () => {
    const image = await loadImage(COCO_PHOTO);
    const run = await runWithModels(image, TWO_QUESTIONS, { modelsDir: folders.tiny(), vlm: `hf:${TINY_MODELS.llavaPrumerge}`, tokenReduction: "prumerge" });
    const answers = run.answer as [string, string];

    const vlm = createTransformersVlm({ model: TINY_MODELS.llavaPrumerge, modelsDir: folders.tiny(), tokenReduction: "prumerge", maxBatchSize: 1 });
    const whole = { scene: "photo" as const, original: image, region: { x0: 0, y0: 0, x1: image.width, y1: image.height }, cache: new Map() };
    expect(answers[0]).toBe((await vlm.answer(image, "What is in the picture?", whole)).trim());
    await vlm.dispose?.();
    for (const answer of answers) expect(answer.length).toBeGreaterThan(0);

    const details = queries(run.trace).map((entry) => entry.details);
    for (const detail of details) {
      expect(detail).toMatchObject({ tokenReduction: "prumerge", visualTokensIn: 576 });
      expect(detail!.visualTokensOut).toBeGreaterThan(0);
      expect(detail!.visualTokensOut).toBeLessThan(576);
    }
  });

  it("records all 576 tokens in and out per call when tokenReduction is all (the default)", async () => {
    const image = await loadImage(COCO_PHOTO);
    const run = await runWithModels(image, TWO_QUESTIONS, { modelsDir: folders.tiny(), vlm: `hf:${TINY_MODELS.llavaPrumerge}` });
    expect(queries(run.trace).map((entry) => entry.details)).toEqual([
      { tokenReduction: "all", visualTokensIn: 576, visualTokensOut: 576 },
      { tokenReduction: "all", visualTokensIn: 576, visualTokensOut: 576 },
    ]);
  });

  it("refuses PruMerge for a served VLM or no VLM with CONFIG_INVALID (the reduction happens in-process)", async () => {
    const image = await loadImage(COCO_PHOTO);
    for (const vlm of ["ollama:llava", undefined]) {
      await expect(runWithModels(image, TWO_QUESTIONS, { vlm, tokenReduction: "prumerge+" })).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("in-process VLM") });
    }
  });
});
