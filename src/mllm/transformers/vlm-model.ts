import {
  AutoImageProcessor,
  AutoModelForImageTextToText,
  AutoTokenizer,
  LlavaForConditionalGeneration,
  type Tensor,
} from "@huggingface/transformers";
import type { PretrainedRequest } from "./load-pretrained.ts";
import type { VisionSession } from "./vlm-token-reduction.ts";

/** The three parts of an in-process LLaVA-style VLM. */
export interface LoadedVlm {
  readonly tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  readonly processor: Awaited<ReturnType<typeof AutoImageProcessor.from_pretrained>>;
  readonly model: Awaited<ReturnType<typeof AutoModelForImageTextToText.from_pretrained>>;
  /** Whether several questions can share one `generate` (left-padded prompts, stacked images). */
  readonly batchable: boolean;
  /** The tokens that end an answer (as `generate` reads them from the configs). */
  readonly endTokenIds: ReadonlySet<number>;
  /** The vision encoder's session, to read all its outputs (LLaVA classes only). */
  readonly visionSession?: VisionSession;
  /**
   * Image features computed before `generate` (reduced tokens), by the `pixel_values` stand-in passed to
   * it: the model's image encoding returns them instead of running the vision encoder.
   */
  readonly precomputedFeatures: WeakMap<object, Tensor>;
}

type GenerationInputs = Record<string, unknown> & { past_key_values?: unknown; pixel_values?: unknown };
type Preparer = (ids: unknown, inputs: GenerationInputs, config: unknown) => GenerationInputs;
type ImageEncoder = (inputs: { pixel_values?: object }) => Promise<Tensor>;

/**
 * Loads tokenizer, image processor and model, and makes batched generation correct for LLaVA models.
 * transformers.js 4.3.1's image-text-to-text forward, once the prompt is in the key-value cache, rebuilds
 * the attention mask as all ones whenever `pixel_values` is still among the inputs; that unmasks the left
 * padding of shorter prompts from the second new token on. The images are only needed for the prompt, so
 * they are dropped from the inputs after it: the mask `generate` keeps (zeros for padding) then reaches the
 * decoder, and position ids follow it. A single unpadded prompt decodes exactly as before. The image
 * encoding also answers with {@link LoadedVlm.precomputedFeatures} when given their stand-in, so reduced
 * visual tokens (computed while the prompt is built) enter the language model without a second encoder run.
 */
export async function loadVlm({ modelId, device, dtype }: PretrainedRequest): Promise<LoadedVlm> {
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const processor = await AutoImageProcessor.from_pretrained(modelId);
  const model = await AutoModelForImageTextToText.from_pretrained(modelId, { device, dtype });
  const batchable = model instanceof LlavaForConditionalGeneration;
  const precomputedFeatures = new WeakMap<object, Tensor>();
  let visionSession: VisionSession | undefined;
  if (batchable) {
    const generating = model as unknown as { prepare_inputs_for_generation: Preparer; encode_image: ImageEncoder; sessions: Record<string, VisionSession> };
    const prepare = generating.prepare_inputs_for_generation.bind(model);
    generating.prepare_inputs_for_generation = (ids, inputs, config) => {
      const prepared = prepare(ids, inputs, config);
      if (prepared.past_key_values) delete prepared.pixel_values;
      return prepared;
    };
    const encode = generating.encode_image.bind(model);
    generating.encode_image = (inputs) => {
      const precomputed = inputs.pixel_values === undefined ? undefined : precomputedFeatures.get(inputs.pixel_values);
      return precomputed === undefined ? encode(inputs) : Promise.resolve(precomputed);
    };
    visionSession = generating.sessions.vision_encoder;
  }
  return { tokenizer, processor, model, batchable, endTokenIds: endTokens(model), visionSession, precomputedFeatures };
}

/** The end-of-sequence ids, looked up in the order transformers.js's generation config merges them. */
function endTokens(model: LoadedVlm["model"]): ReadonlySet<number> {
  type WithEos = { eos_token_id?: number | number[] | null };
  const config = model.config as WithEos & { text_config?: WithEos };
  const generation = (model as unknown as { generation_config?: WithEos }).generation_config;
  const ids = generation?.eos_token_id ?? config.text_config?.eos_token_id ?? config.eos_token_id ?? [];
  return new Set(Array.isArray(ids) ? ids : [ids]);
}
