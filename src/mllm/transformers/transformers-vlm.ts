import { AutoImageProcessor, AutoModelForImageTextToText, AutoTokenizer, type Tensor } from "@huggingface/transformers";
import { ViperError } from "../../errors/index.ts";
import type { VisualQA } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { lazyModel } from "./lazy-model.ts";
import { loadPretrained } from "./load-pretrained.ts";
import { toRawImage } from "./raw-image.ts";
import type { TransformersModelOptions } from "./transformers-options.ts";
import { buildVlmPrompt, type PromptTokenizer } from "./vlm-prompt.ts";

/** The default in-process VLM: LLaVA-OneVision with Qwen2-0.5B (about 3.6 GB in fp32, 0.9 GB in q4f16). */
export const DEFAULT_VLM_MODEL = "onnx-community/llava-onevision-qwen2-0.5b-ov-hf";

/** Options for {@link createTransformersVlm}. */
export interface TransformersVlmOptions extends Partial<TransformersModelOptions> {
  /** @defaultValue {@link DEFAULT_VLM_MODEL} */
  readonly model?: string;
  /** Longest answer, in tokens. @defaultValue 24 */
  readonly maxNewTokens?: number;
  /**
   * Added after the question (LLaVA's own short-answer instruction), since simple_query wants a word.
   * @defaultValue "\nAnswer the question using a single word or phrase."
   */
  readonly questionSuffix?: string;
  /**
   * Images larger than this (longest side, pixels) are shrunk first: models with dynamic resolution
   * (image tokens grow with the image) stay within a bounded number of image tokens. Fixed-resolution
   * models (LLaVA) resize to their input size anyway.
   * @defaultValue 768
   */
  readonly maxImageSidePx?: number;
}

interface LoadedVlm {
  readonly tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  readonly processor: Awaited<ReturnType<typeof AutoImageProcessor.from_pretrained>>;
  readonly model: Awaited<ReturnType<typeof AutoModelForImageTextToText.from_pretrained>>;
}

/**
 * A LLaVA-family VisualQA run in-process by transformers.js (LLaVA-1.5, LLaVA-OneVision and other models
 * whose ONNX export is `vision_encoder` + `embed_tokens` + `decoder_model_merged`). Loads on first use,
 * answers one question at a time with greedy decoding, and frees its sessions on `dispose()`.
 */
export function createTransformersVlm(options: TransformersVlmOptions = {}): VisualQA {
  const settings = { ...options, model: options.model ?? DEFAULT_VLM_MODEL };
  const { maxNewTokens = 24, questionSuffix = "\nAnswer the question using a single word or phrase.", maxImageSidePx = 768 } = options;
  const loaded = lazyModel(
    async () =>
      (await loadPretrained(settings, async ({ modelId, device, dtype }): Promise<LoadedVlm> => ({
        tokenizer: await AutoTokenizer.from_pretrained(modelId),
        processor: await AutoImageProcessor.from_pretrained(modelId),
        model: await AutoModelForImageTextToText.from_pretrained(modelId, { device, dtype }),
      }))).value,
    async ({ model }) => {
      await model.dispose();
    },
  );
  const featureCounts = new Map<string, number>();
  let queue: Promise<unknown> = Promise.resolve();

  async function answerNow(image: RgbImage, question: string): Promise<string> {
    const { tokenizer, processor, model } = await loaded.get();
    let raw = toRawImage(image);
    const longest = Math.max(image.width, image.height);
    if (longest > maxImageSidePx) {
      const scale = maxImageSidePx / longest;
      raw = await raw.resize(Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
    }
    const visionInputs = (await processor(raw)) as Record<string, Tensor>;
    const pixelValues = visionInputs.pixel_values;
    if (pixelValues === undefined) throw new Error("the image processor returned no pixel_values");
    const imageTokenCount = await countImageFeatures(model, visionInputs, featureCounts);
    const config = model.config as { image_token_index?: number; image_token_id?: number };
    const imageTokenId = config.image_token_index ?? config.image_token_id;
    if (imageTokenId === undefined) {
      throw new ViperError({ code: "MODEL_LOAD", message: `${settings.model} has no image_token_index in config.json; it is not a LLaVA-style model.`, details: { model: settings.model } });
    }
    const prompt = buildVlmPrompt({
      tokenizer: tokenizer as unknown as PromptTokenizer,
      question: `${question}${questionSuffix}`,
      imageToken: tokenizer.decode([imageTokenId]),
      imageTokenCount,
      model: settings.model,
    });
    const textInputs = tokenizer(prompt) as unknown as { input_ids: Tensor; attention_mask: Tensor };
    const output = (await model.generate({ ...textInputs, ...visionInputs, max_new_tokens: maxNewTokens, do_sample: false } as never)) as Tensor;
    const promptLength = textInputs.input_ids.dims[1] ?? 0;
    const [text = ""] = tokenizer.batch_decode(output.slice(null, [promptLength, output.dims[1] ?? promptLength]), { skip_special_tokens: true });
    return text.trim();
  }

  return {
    specificationVersion: "v1",
    id: "hf-vlm",
    supports: () => true,
    answer(image: RgbImage, question: string): Promise<string> {
      // One generation at a time: each holds a full key-value cache, and ONNX Runtime already uses every core.
      const run = queue.then(() => answerNow(image, question));
      queue = run.catch(() => undefined);
      return run;
    },
    dispose: () => loaded.dispose(),
  };
}

/**
 * How many image features the vision encoder gives for inputs of this shape: measured once per shape
 * (the layout differs between LLaVA variants: CLS token or not, image grids, newline tokens).
 */
async function countImageFeatures(model: LoadedVlm["model"], visionInputs: Record<string, Tensor>, counts: Map<string, number>): Promise<number> {
  const key = Object.entries(visionInputs)
    .filter(([, value]) => Array.isArray((value as { dims?: unknown }).dims))
    .map(([name, tensor]) => `${name}:${tensor.dims.join("x")}`)
    .join(",");
  const known = counts.get(key);
  if (known !== undefined) return known;
  const encoder = model as unknown as { encode_image(inputs: Record<string, Tensor>): Promise<Tensor> };
  const features = await encoder.encode_image(visionInputs);
  const width = features.dims.at(-1) ?? 1;
  const count = features.size / width;
  counts.set(key, count);
  return count;
}
