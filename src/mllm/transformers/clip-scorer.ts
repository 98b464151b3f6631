import { ViperError } from "../../errors/index.ts";
import type { PerceptionContext, TextImageScorer } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { loadClipTowers, type ClipTowers } from "./clip-towers.ts";
import { lazyModel } from "./lazy-model.ts";
import { loadPretrained } from "./load-pretrained.ts";
import { createMicroBatcher } from "./micro-batcher.ts";
import { toRawImage } from "./raw-image.ts";
import type { TransformersModelOptions } from "./transformers-options.ts";

/** The default scorer: CLIP ViT-B/32 (about 600 MB in fp32). */
export const DEFAULT_CLIP_MODEL = "Xenova/clip-vit-base-patch32";

/**
 * Generic captions every text competes with (ViperGPT's CLIP verify_property does the same with its list
 * of random negatives): a text scores above 0.5 when it describes the image better than they do on average.
 */
export const DEFAULT_NEGATIVE_TEXTS = ["an object", "a thing", "a person", "an animal", "a building", "a plant", "a vehicle", "a pattern"] as const;

/** CLIP's trained logit scale (exp of its clamped log scale); SigLIP's is similar (about 110). */
const LOGIT_SCALE = 100;
/** Text embeddings kept per scorer before the oldest are dropped. */
const TEXT_CACHE_LIMIT = 2048;

/** Options for {@link createClipScorer}. */
export interface ClipScorerOptions extends Partial<TransformersModelOptions> {
  /** @defaultValue {@link DEFAULT_CLIP_MODEL} */
  readonly model?: string;
  /**
   * Wraps each text before it is embedded; `{}` stands for the text. CLIP matches captions better than
   * bare words.
   * @defaultValue "a photo of {}."
   */
  readonly template?: string;
  /** @defaultValue {@link DEFAULT_NEGATIVE_TEXTS} */
  readonly negativeTexts?: readonly string[];
  /**
   * Most images embedded by one vision-tower run. Concurrent `score` calls on different patches (e.g.
   * `best_image_match` over N patches) have their new images embedded together. 1 embeds one at a time.
   * @defaultValue 16
   */
  readonly maxBatchSize?: number;
  /** How long an image arriving at an idle vision tower waits for others to batch with. @defaultValue 2 */
  readonly batchWindowMs?: number;
}

/**
 * CLIP / SigLIP scoring. Each text gets its own score in [0, 1], independent of the other texts asked
 * with it: the mean, over generic negative captions, of sigmoid(scale × (cos(image, text) − cos(image,
 * negative))). So one text can be verified (verify_property), texts rank by similarity (best_text_match),
 * and scores compare across patches (best_image_match). Image embeddings are cached per image region in
 * the run's perception cache and text embeddings per scorer, so repeated calls on a patch run the vision
 * tower once (when the export has separate towers; see {@link ClipTowers}); concurrent calls on new
 * patches share one vision-tower run.
 */
export function createClipScorer(options: ClipScorerOptions = {}): TextImageScorer {
  const settings = { ...options, model: options.model ?? DEFAULT_CLIP_MODEL };
  const template = options.template ?? "a photo of {}.";
  const negatives = options.negativeTexts ?? DEFAULT_NEGATIVE_TEXTS;
  if (negatives.length === 0) {
    throw new ViperError({ code: "CONFIG_INVALID", message: "negativeTexts is empty: give the CLIP scorer at least one generic caption to compare against, or leave it unset.", details: { option: "negativeTexts" } });
  }
  const model = lazyModel(async () => (await loadPretrained(settings, loadClipTowers)).value, (towers) => towers.dispose());
  const texts = new Map<string, Promise<Float32Array>>();
  const images = new WeakMap<RgbImage, Promise<Float32Array>>();
  const imageBatches = createMicroBatcher<RgbImage, Float32Array>({
    maxBatchSize: options.maxBatchSize ?? 16,
    windowMs: options.batchWindowMs ?? 2,
    run: async (batch) => (await model.get()).embedImages(batch.map(toRawImage)),
  });

  function embedTexts(towers: ClipTowers, wanted: readonly string[]): Promise<Float32Array[]> {
    let missing = [...new Set(wanted.filter((text) => !texts.has(text)))];
    if (missing.length > 0 && texts.size + missing.length > TEXT_CACHE_LIMIT) {
      texts.clear();
      missing = [...new Set(wanted)];
    }
    if (missing.length > 0) {
      // One text-tower run for every text not seen before.
      const batch = towers.embedTexts(missing.map((text) => template.replace("{}", text)));
      batch.catch(() => missing.forEach((text) => texts.delete(text)));
      missing.forEach((text, index) => texts.set(text, batch.then((rows) => rows[index]!)));
    }
    return Promise.all(wanted.map((text) => texts.get(text)!));
  }

  function embedImage(image: RgbImage, context: PerceptionContext | undefined): Promise<Float32Array> {
    const key = context && `clip:${settings.model}:image:${context.region.x0},${context.region.y0},${context.region.x1},${context.region.y1}`;
    const cached = (key && context.cache.get(key)) ?? images.get(image);
    if (cached !== undefined) return cached as Promise<Float32Array>;
    const pending = imageBatches.submit(image);
    images.set(image, pending);
    if (key) context.cache.set(key, pending);
    pending.catch(() => {
      images.delete(image);
      if (key) context.cache.delete(key);
    });
    return pending;
  }

  return {
    specificationVersion: "v1",
    id: "clip",
    supports: (wanted: readonly string[]) => wanted.length > 0,
    async score(image: RgbImage, wanted: readonly string[], context?: PerceptionContext): Promise<number[]> {
      if (wanted.length === 0) return [];
      const towers = await model.get();
      const [imageEmbedding, textEmbeddings, negativeEmbeddings] = await Promise.all([
        embedImage(image, context),
        embedTexts(towers, wanted),
        embedTexts(towers, negatives),
      ]);
      const negativeLogits = negativeEmbeddings.map((embedding) => LOGIT_SCALE * dot(imageEmbedding, embedding));
      return textEmbeddings.map((embedding) => {
        const logit = LOGIT_SCALE * dot(imageEmbedding, embedding);
        return negativeLogits.reduce((sum, negative) => sum + sigmoid(logit - negative), 0) / negativeLogits.length;
      });
    },
    dispose: () => model.dispose(),
  };
}

function dot(first: Float32Array, second: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < first.length; index++) sum += first[index]! * second[index]!;
  return sum;
}

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}
