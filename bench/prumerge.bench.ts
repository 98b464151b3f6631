/**
 * `npm run bench prumerge`: LLaVA-PruMerge visual-token reduction in the in-process VLM, on the tiny
 * random-weight LLaVA-1.5 fixture with 576 visual tokens (test/fixtures/onnx, `tiny-random/llava-prumerge`):
 * prefill time and end-to-end simple_query time, PruMerge / PruMerge+ against all tokens side by side; the
 * kept-token counts over the coco-tiny photos; and the reduction step's own cost at LLaVA-1.5-7B's sizes.
 *
 * Environment: COCO_TINY (default ../shared/data/coco-tiny).
 */
import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type { PerceptionContext } from "../src/mllm/capabilities.ts";
import type { RgbImage } from "../src/mllm/rgb-image.ts";
import { createTransformersVlm, type TokenReduction } from "../src/mllm/transformers/index.ts";
import { pruneAndMergeTokens } from "../src/mllm/transformers/token-reduction/index.ts";
import { createPerception, type Perception } from "../src/tools/create-perception.ts";
import { loadImage } from "../src/tools/image-io.ts";
import { runProgramOnImage } from "../src/tools/run-program-on-image.ts";
import { TINY_MODELS, writeTinyModels } from "../test/fixtures/onnx/index.ts";
import type { BenchMetric, BenchResult } from "./run.ts";
import { median, sideBySide, timed, type Contender } from "./side-by-side.ts";

const cocoTiny = process.env.COCO_TINY ?? resolve("../shared/data/coco-tiny");
const REPEATS = 15;
/** Photos each timed run goes through, one simple_query each. */
const TIMED_PHOTOS = 6;
const REDUCTIONS: ReadonlyArray<Exclude<TokenReduction, "all">> = ["prumerge", "prumerge+"];
const PROGRAM = `async function execute_command(image: ImagePatch): Promise<Answer> {\n  return await image.simple_query("What is in the picture?");\n}`;

function progress(message: string): void {
  process.stderr.write(`prumerge bench: ${message}\n`);
}

function wholeImage(image: RgbImage, report?: PerceptionContext["report"]): PerceptionContext {
  return { scene: "photo", original: image, region: { x0: 0, y0: 0, x1: image.width, y1: image.height }, cache: new Map(), report };
}

/**
 * Times the decoder's pass over the prompt (the prefill: the first `decoder_model_merged` run, the one with
 * more than one position) by wrapping ONNX Runtime's session run; `stop()` removes the wrapper.
 */
function prefillTimer(): { takeMs(): number; stop(): void } {
  type Run = (this: { outputNames: readonly string[] }, feeds: Record<string, { dims: readonly number[] }>, ...rest: unknown[]) => Promise<unknown>;
  const { InferenceSession } = createRequire(import.meta.url)("onnxruntime-node") as { InferenceSession: { prototype: { run: Run } } };
  const original = InferenceSession.prototype.run;
  let prefillMs = Number.NaN;
  InferenceSession.prototype.run = async function (feeds, ...rest) {
    const isPrefill = this.outputNames.includes("logits") && (feeds.inputs_embeds?.dims[1] ?? 1) > 1;
    const startedMs = performance.now();
    const outputs = await original.call(this, feeds, ...rest);
    if (isPrefill) prefillMs = performance.now() - startedMs;
    return outputs;
  };
  return {
    takeMs() {
      const value = prefillMs;
      prefillMs = Number.NaN;
      return value;
    },
    stop: () => void (InferenceSession.prototype.run = original),
  };
}

function distribution(name: string, counts: readonly number[]): BenchMetric[] {
  const sorted = [...counts].sort((first, second) => first - second);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
  const mean = counts.reduce((sum, count) => sum + count, 0) / counts.length;
  return [
    { name: `${name}: min`, value: sorted[0]!, unit: "tokens" },
    { name: `${name}: 10th percentile`, value: at(0.1), unit: "tokens" },
    { name: `${name}: median`, value: median(counts), unit: "tokens" },
    { name: `${name}: mean`, value: mean, unit: "tokens" },
    { name: `${name}: 90th percentile`, value: at(0.9), unit: "tokens" },
    { name: `${name}: max`, value: sorted.at(-1)!, unit: "tokens" },
    { name: `${name}: mean share of 576`, value: mean / 576, unit: "ratio" },
  ];
}

/** Kept tokens per photo, from what the VLM reports for each question. */
async function keptCounts(modelsDir: string, tokenReduction: TokenReduction, photos: readonly RgbImage[]): Promise<number[]> {
  const vlm = createTransformersVlm({ model: TINY_MODELS.llavaPrumerge, modelsDir, tokenReduction, maxNewTokens: 1, maxBatchSize: 1 });
  const counts: number[] = [];
  for (const photo of photos) {
    await vlm.answer(photo, "What is in the picture?", wholeImage(photo, (details) => counts.push(Number(details.visualTokensOut))));
  }
  await vlm.dispose?.();
  return counts;
}

/** A contender timing the prefill of one question per call, cycling through the photos. */
function prefillContender(label: string, vlm: ReturnType<typeof createTransformersVlm>, photos: readonly RgbImage[], timer: ReturnType<typeof prefillTimer>): Contender {
  let next = 0;
  return {
    label,
    async measureMs() {
      const photo = photos[next++ % photos.length]!;
      await vlm.answer(photo, "What is in the picture?", wholeImage(photo));
      return timer.takeMs();
    },
  };
}

/** A contender running the simple_query program in the sandbox on every timed photo. */
function programContender(label: string, perception: Perception, photos: readonly RgbImage[]): Contender {
  return { label, measureMs: () => timed(async () => { for (const image of photos) await runProgramOnImage({ image, source: PROGRAM, perception }); }) };
}

/**
 * The reduction step alone on random tensors of LLaVA-1.5-7B's sizes (576 tokens, CLIP keys 1024, LM hidden
 * 4096), with an attention that keeps about 60 tokens (PruMerge+ about 4 times as many): median time, kept count.
 */
function reductionCostAtRealSize(plus: boolean): { ms: number; kept: number } {
  let state = 7;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const logits = Array.from({ length: 576 }, () => 3 * (random() + random() + random() - 1.5));
  const total = logits.reduce((sum, logit) => sum + Math.exp(logit), 0);
  const tokens = {
    features: Float32Array.from({ length: 576 * 4096 }, () => random() - 0.5),
    featureSize: 4096,
    clsAttention: Float32Array.from(logits, (logit) => Math.exp(logit) / total),
    keys: Float32Array.from({ length: 576 * 1024 }, () => random() - 0.5),
    keySize: 1024,
  };
  const times: number[] = [];
  let kept = 0;
  for (let repeat = 0; repeat < 5; repeat++) {
    const startedMs = performance.now();
    kept = pruneAndMergeTokens({ tokens, plus }).kept.length;
    times.push(performance.now() - startedMs);
  }
  return { ms: median(times), kept };
}

export async function run(): Promise<BenchResult> {
  const modelsDir = await writeTinyModels({ llavaPrumerge: TINY_MODELS.llavaPrumerge });
  const files = ["val2017", "train2017"].flatMap((split) => readdirSync(join(cocoTiny, split)).filter((file) => file.endsWith(".jpg")).sort().map((file) => join(cocoTiny, split, file)));
  progress(`decoding ${files.length} coco-tiny photos`);
  const photos = await Promise.all(files.map((file) => loadImage(file)));
  const timedPhotos = photos.slice(0, TIMED_PHOTOS);
  const metrics: BenchMetric[] = [];
  const notes: string[] = [];

  for (const reduction of REDUCTIONS) {
    progress(`kept tokens over ${photos.length} photos, ${reduction}`);
    const counts = await keptCounts(modelsDir, reduction, photos);
    metrics.push(...distribution(`kept visual tokens per coco-tiny photo (of 576), ${reduction}`, counts));
  }

  const timer = prefillTimer();
  try {
    const all = createTransformersVlm({ model: TINY_MODELS.llavaPrumerge, modelsDir, maxNewTokens: 1 });
    for (const reduction of REDUCTIONS) {
      progress(`prefill, ${reduction} against all`);
      const reduced = createTransformersVlm({ model: TINY_MODELS.llavaPrumerge, modelsDir, maxNewTokens: 1, tokenReduction: reduction });
      metrics.push(...(await sideBySide({ name: `prefill (decoder pass over the prompt), ${reduction}`, baseline: prefillContender("all 576 tokens", all, timedPhotos, timer), candidate: prefillContender(reduction, reduced, timedPhotos, timer), repeats: REPEATS * 2 })));
      await reduced.dispose?.();
    }
    await all.dispose?.();
  } finally {
    timer.stop();
  }

  const allTokens = await createPerception({ modelsDir, vlm: `hf:${TINY_MODELS.llavaPrumerge}` });
  for (const reduction of REDUCTIONS) {
    progress(`end-to-end simple_query, ${reduction} against all`);
    const reduced = await createPerception({ modelsDir, vlm: `hf:${TINY_MODELS.llavaPrumerge}`, tokenReduction: reduction });
    metrics.push(...(await sideBySide({ name: `simple_query program in the sandbox on ${TIMED_PHOTOS} photos, ${reduction}`, baseline: programContender("all 576 tokens", allTokens, timedPhotos), candidate: programContender(reduction, reduced, timedPhotos), repeats: REPEATS })));
    await reduced.dispose();
  }
  await allTokens.dispose();

  for (const reduction of REDUCTIONS) {
    progress(`reduction step at LLaVA-1.5-7B sizes, ${reduction}`);
    const { ms, kept } = reductionCostAtRealSize(reduction === "prumerge+");
    metrics.push({ name: `${reduction} step alone at LLaVA-1.5-7B sizes (576 tokens, keys 1024, features 4096), ${kept} kept`, value: ms, unit: "ms" });
  }

  notes.push(
    "Tiny random-weight LLaVA-1.5 fixture (hidden size 16, 336 px input, 576 visual tokens, vision encoder with cls_attention and keys outputs; its class-token logits are sharpened ×8 so the attention has a trained-looking tail). Kept-token counts therefore describe this fixture's random encoder on coco-tiny photos, not LLaVA-1.5's (the paper reports 32 of 576 on average for PruMerge).",
    "Accuracy needs real weights and was NOT measured here: these figures say nothing about answer quality.",
    `Prefill: the decoder's run over the whole prompt, timed around the ONNX Runtime call, one question per run cycling over ${TIMED_PHOTOS} photos, ${REPEATS * 2} runs per side alternating; end-to-end: the program \`return await image.simple_query(...)\` run by runProgramOnImage (sandbox, image processing, vision encoder, reduction, prefill, 24 greedy tokens) on ${TIMED_PHOTOS} photos per run, ${REPEATS} runs per side alternating. Ratios are medians of back-to-back pairs.`,
    "The tiny decoder's cost is linear in the prompt length (its layers average the cached values instead of attending), so the prefill ratio tracks the token ratio; a real LLaVA's prefill also has attention, quadratic in the prompt.",
  );
  await rm(modelsDir, { recursive: true, force: true });
  return { metrics, notes };
}
