import { pipeline, type ZeroShotImageClassificationPipeline } from "@huggingface/transformers";
import type { TextImageScorer } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { lazyModel } from "./lazy-model.ts";
import { loadPretrained } from "./load-pretrained.ts";
import { toRawImage } from "./raw-image.ts";
import type { TransformersModelOptions } from "./transformers-options.ts";

/** The default scorer: CLIP ViT-B/32 (about 600 MB in fp32). */
export const DEFAULT_CLIP_MODEL = "Xenova/clip-vit-base-patch32";

/** Options for {@link createClipScorer}. */
export interface ClipScorerOptions extends Partial<TransformersModelOptions> {
  /** @defaultValue {@link DEFAULT_CLIP_MODEL} */
  readonly model?: string;
  /**
   * Wraps each text before it is scored; `{}` stands for the text. CLIP matches captions better than bare
   * words.
   * @defaultValue "a photo of {}."
   */
  readonly template?: string;
}

/**
 * CLIP / SigLIP scoring through transformers.js's zero-shot-image-classification pipeline. CLIP scores are
 * a softmax over the texts (they sum to 1, so pass at least two alternatives); SigLIP scores are
 * independent sigmoids. Scores come back in the order of `texts`.
 */
export function createClipScorer(options: ClipScorerOptions = {}): TextImageScorer {
  const settings = { ...options, model: options.model ?? DEFAULT_CLIP_MODEL };
  const template = options.template ?? "a photo of {}.";
  const model = lazyModel(
    async () =>
      (await loadPretrained(settings, ({ modelId, device, dtype }) =>
        pipeline("zero-shot-image-classification", modelId, { device, dtype }) as Promise<ZeroShotImageClassificationPipeline>,
      )).value,
    (scorer) => scorer.dispose(),
  );
  return {
    specificationVersion: "v1",
    id: "clip",
    supports: (texts: readonly string[]) => texts.length > 0,
    async score(image: RgbImage, texts: readonly string[]): Promise<number[]> {
      if (texts.length === 0) return [];
      const scorer = await model.get();
      const output = await scorer(toRawImage(image), [...texts], { hypothesis_template: template });
      const ranked = (Array.isArray(output[0]) ? output[0] : output) as { label: string; score: number }[];
      // The pipeline sorts by score; labels may repeat, so match each text to its own entry once.
      const remaining = [...ranked];
      return texts.map((text) => {
        const index = remaining.findIndex((entry) => entry.label === text);
        const [entry] = remaining.splice(index, 1);
        return entry?.score ?? 0;
      });
    },
    dispose: () => model.dispose(),
  };
}
