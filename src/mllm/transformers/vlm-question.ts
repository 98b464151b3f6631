import type { RawImage, Tensor } from "@huggingface/transformers";
import { ViperError } from "../../errors/index.ts";
import type { RgbImage } from "../rgb-image.ts";
import { toRawImage } from "./raw-image.ts";
import type { TokenReduction } from "./token-reduction/index.ts";
import type { LoadedVlm } from "./vlm-model.ts";
import { buildVlmPrompt, type PromptTokenizer } from "./vlm-prompt.ts";
import { encodeReducedImage } from "./vlm-token-reduction.ts";

/** One question turned into model inputs, ready to generate alone or in a batch of the same `shapeKey`. */
export interface PreparedQuestion {
  /** The prompt's token ids, image placeholders included. */
  readonly promptIds: readonly bigint[];
  /** The image processor's output (`pixel_values` and, for some models, sizes). */
  readonly visionInputs: Record<string, Tensor>;
  /** The vision inputs' shapes: questions with the same key have the same image token count and stack. */
  readonly shapeKey: string;
  /** Image tokens in the prompt (after any reduction). */
  readonly imageTokenCount: number;
  /** Image tokens the vision encoder gave, before any reduction. */
  readonly visualTokensIn: number;
  /**
   * The prompt's image features when they were computed ahead (reduced tokens) [imageTokenCount, hidden];
   * such questions batch whatever their token counts.
   */
  readonly imageFeatures?: Tensor;
}

/** Options for {@link prepareQuestion}. */
export interface PrepareQuestionOptions {
  readonly loaded: LoadedVlm;
  readonly image: RgbImage;
  /** The question with the answer-style suffix already added. */
  readonly question: string;
  readonly model: string;
  readonly maxImageSidePx: number;
  readonly maxImageTokens: number;
  /** Image-feature counts measured (or being measured) so far, by {@link PreparedQuestion.shapeKey}. */
  readonly featureCounts: Map<string, Promise<number>>;
  /** How many of the encoder's tokens enter the prompt; anything but "all" needs {@link LoadedVlm.visionSession}. */
  readonly tokenReduction: TokenReduction;
}

/** Shrink attempts before the image-token cap is declared unreachable. */
const MAX_SHRINK_ATTEMPTS = 6;

/**
 * Processes the image (shrunk to at most `maxImageSidePx`, then further while the vision encoder would
 * give more than `maxImageTokens` features), reduces its tokens when asked (the cap applies before the
 * reduction) and builds the prompt with one placeholder per token that enters the language model.
 */
export async function prepareQuestion(options: PrepareQuestionOptions): Promise<PreparedQuestion> {
  const { loaded, image, question, model, maxImageSidePx } = options;
  let raw = toRawImage(image);
  const longest = Math.max(image.width, image.height);
  if (longest > maxImageSidePx) raw = await scaled(raw, maxImageSidePx / longest);
  const { visionInputs, shapeKey, imageTokenCount: visualTokensIn } = await withinTokenCap(raw, options);
  const reduced =
    options.tokenReduction === "all" || loaded.visionSession === undefined
      ? undefined
      : await encodeReducedImage({ session: loaded.visionSession, visionInputs, reduction: options.tokenReduction, model });
  const imageTokenCount = reduced?.tokensOut ?? visualTokensIn;
  const config = loaded.model.config as { image_token_index?: number; image_token_id?: number };
  const imageTokenId = config.image_token_index ?? config.image_token_id;
  if (imageTokenId === undefined) {
    throw new ViperError({ code: "MODEL_LOAD", message: `${model} has no image_token_index in config.json; it is not a LLaVA-style model.`, details: { model } });
  }
  const prompt = buildVlmPrompt({
    tokenizer: loaded.tokenizer as unknown as PromptTokenizer,
    question,
    imageToken: loaded.tokenizer.decode([imageTokenId]),
    imageTokenCount,
    model,
  });
  const { input_ids } = loaded.tokenizer(prompt) as unknown as { input_ids: Tensor };
  return { promptIds: Array.from(input_ids.data as BigInt64Array), visionInputs, shapeKey, imageTokenCount, visualTokensIn, imageFeatures: reduced?.features };
}

type VisionPart = Pick<PreparedQuestion, "visionInputs" | "shapeKey" | "imageTokenCount">;

/**
 * Token counts grow with the processed image's area when the processor keeps the image's resolution, so
 * each attempt shrinks by the square root of the excess. A processor that always gives the same size
 * (LLaVA-1.5, and LLaVA-OneVision in transformers.js, whose processor ignores the any-resolution grid)
 * cannot get under the cap, which is a configuration error.
 */
async function withinTokenCap(raw: RawImage, options: PrepareQuestionOptions): Promise<VisionPart> {
  const { maxImageTokens, model } = options;
  let current = await processed(raw, options);
  for (let attempt = 0; current.imageTokenCount > maxImageTokens && attempt < MAX_SHRINK_ATTEMPTS; attempt++) {
    raw = await scaled(raw, Math.sqrt(maxImageTokens / current.imageTokenCount) * 0.97);
    const smaller = await processed(raw, options);
    if (smaller.imageTokenCount >= current.imageTokenCount) break;
    current = smaller;
  }
  if (current.imageTokenCount > maxImageTokens) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `${model} gives ${current.imageTokenCount} image tokens per image and shrinking the image does not lower that, so maxImageTokens (${maxImageTokens}) cannot hold; raise maxImageTokens to at least ${current.imageTokenCount}.`,
      details: { option: "maxImageTokens", model, imageTokens: current.imageTokenCount, maxImageTokens },
    });
  }
  return current;
}

async function processed(raw: RawImage, { loaded, featureCounts }: PrepareQuestionOptions): Promise<VisionPart> {
  const visionInputs = (await loaded.processor(raw)) as Record<string, Tensor>;
  if (visionInputs.pixel_values === undefined) throw new Error("the image processor returned no pixel_values");
  const shapeKey = Object.entries(visionInputs)
    .filter(([, value]) => Array.isArray((value as { dims?: unknown }).dims))
    .map(([name, tensor]) => `${name}:${tensor.dims.join("x")}`)
    .join(",");
  let measured = featureCounts.get(shapeKey);
  if (measured === undefined) {
    // Measured once per input shape (concurrent questions share the measurement): the layout differs
    // between LLaVA variants (CLS token or not, grids, newlines).
    const encoder = loaded.model as unknown as { encode_image(inputs: Record<string, Tensor>): Promise<Tensor> };
    measured = encoder.encode_image(visionInputs).then((features) => features.size / (features.dims.at(-1) ?? 1));
    featureCounts.set(shapeKey, measured);
    measured.catch(() => featureCounts.delete(shapeKey));
  }
  return { visionInputs, shapeKey, imageTokenCount: await measured };
}

function scaled(raw: RawImage, scale: number): Promise<RawImage> {
  return raw.resize(Math.max(1, Math.round(raw.width * scale)), Math.max(1, Math.round(raw.height * scale)));
}
