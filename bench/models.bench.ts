import { rm } from "node:fs/promises";
import type { PerceptionContext, TextImageScorer, VisualQA } from "../src/mllm/capabilities.ts";
import { cropRgb, type RgbImage } from "../src/mllm/rgb-image.ts";
import { createClipScorer, createTransformersVlm } from "../src/mllm/transformers/index.ts";
import { TINY_MODELS, writeTinyModels } from "../test/fixtures/onnx/index.ts";
import { photoLikeImage } from "../test/fixtures/synthetic-images.ts";
import type { BenchMetric, BenchResult } from "./run.ts";
import { sideBySide, timed } from "./side-by-side.ts";

const PATCHES = 8;
const REPEATS = 25;
const IMAGE = photoLikeImage({ widthPx: 256, heightPx: 192, seed: 11 });

/** Eight overlapping patches, as fresh objects with a fresh perception cache (so nothing is cached). */
function patches(): Array<{ pixels: RgbImage; context: PerceptionContext }> {
  const cache = new Map<string, unknown>();
  return Array.from({ length: PATCHES }, (_, index) => {
    const region = { x0: index * 20, y0: index * 10, x1: index * 20 + 96, y1: index * 10 + 80 };
    return { pixels: cropRgb(IMAGE, region), context: { scene: "photo", original: IMAGE, region, cache } };
  });
}

const askAll = (vlm: VisualQA) => () => Promise.all(patches().map(({ pixels, context }) => vlm.answer(pixels, "What color is this?", context)));
const matchAll = (scorer: TextImageScorer) => () => Promise.all(patches().map(({ pixels, context }) => scorer.score(pixels, ["a red teapot", "a cup"], context)));

/**
 * Batched against one-at-a-time back-ends on the same calls, side by side. Each back-end is warmed up
 * (model loaded, token counts and text embeddings cached).
 */
function batchedAgainstOneAtATime(name: string, batched: () => Promise<unknown>, sequential: () => Promise<unknown>): Promise<BenchMetric[]> {
  return sideBySide({
    name,
    baseline: { label: "one at a time", measureMs: () => timed(sequential) },
    candidate: { label: "batched", measureMs: () => timed(batched) },
    repeats: REPEATS,
  });
}

/** `npm run bench models`: batching of concurrent calls in the in-process VLM and the CLIP scorer. */
export async function run(): Promise<BenchResult> {
  const modelsDir = await writeTinyModels({ llava: TINY_MODELS.llava, llavaOnevision: TINY_MODELS.llavaOnevision, clip: TINY_MODELS.clip });
  const metrics: BenchMetric[] = [];
  try {
    for (const [label, model] of [["LLaVA-1.5", TINY_MODELS.llava], ["LLaVA-OneVision", TINY_MODELS.llavaOnevision]] as const) {
      const oneAtATime = createTransformersVlm({ model, modelsDir, maxBatchSize: 1 });
      for (const maxBatchSize of [4, 8]) {
        const batched = createTransformersVlm({ model, modelsDir, maxBatchSize });
        metrics.push(...(await batchedAgainstOneAtATime(`${PATCHES} concurrent simple_query, ${label}, maxBatchSize ${maxBatchSize}`, askAll(batched), askAll(oneAtATime))));
        await batched.dispose?.();
      }
      await oneAtATime.dispose?.();
    }
    const batchedScorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir });
    const oneAtATimeScorer = createClipScorer({ model: TINY_MODELS.clip, modelsDir, maxBatchSize: 1 });
    metrics.push(...(await batchedAgainstOneAtATime(`best_image_match over ${PATCHES} patches, CLIP`, matchAll(batchedScorer), matchAll(oneAtATimeScorer))));
    await Promise.all([batchedScorer.dispose?.(), oneAtATimeScorer.dispose?.()]);
  } finally {
    await rm(modelsDir, { recursive: true, force: true });
  }
  return {
    metrics,
    notes: [
      `Tiny random-weight models (test/fixtures/onnx: hidden size 16, 4 image tokens, 24 new tokens per answer, CLIP at 32 px): the figures show the overhead batching removes (per-run ONNX Runtime and JavaScript costs), not the speed of real models, whose runs are dominated by arithmetic.`,
      `Median of ${REPEATS} runs each, batched and one-at-a-time alternating; the ratio is the median of the ${REPEATS} back-to-back pairs' ratios. Each run makes ${PATCHES} concurrent calls on ${PATCHES} fresh patches (no cached embeddings).`,
    ],
  };
}
