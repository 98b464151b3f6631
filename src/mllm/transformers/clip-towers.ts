import {
  AutoConfig,
  AutoImageProcessor,
  AutoModel,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  SiglipTextModel,
  SiglipVisionModel,
  RawImage,
  cat,
  type PreTrainedModel,
  type Tensor,
} from "@huggingface/transformers";
import type { PretrainedRequest } from "./load-pretrained.ts";

/** L2-normalised embeddings, one row per input, all of the same width. */
export type EmbeddingRows = Float32Array[];

/**
 * A loaded CLIP / SigLIP model that embeds images and texts separately. `separateTowers` is false when
 * the export only has the joint `onnx/model.onnx`: then every image batch runs the text side too
 * (on a one-token placeholder) and every text batch runs the vision side (on a blank image).
 */
export interface ClipTowers {
  readonly separateTowers: boolean;
  /** One row per image, in order; images the processor brings to the same size share one vision run. */
  embedImages(images: readonly RawImage[]): Promise<EmbeddingRows>;
  embedTexts(texts: readonly string[]): Promise<EmbeddingRows>;
  dispose(): Promise<void>;
}

type Tokenizer = Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
type ImageProcessor = Awaited<ReturnType<typeof AutoImageProcessor.from_pretrained>>;

/**
 * Loads the text and vision towers (`onnx/text_model.onnx`, `onnx/vision_model.onnx`, as the Xenova
 * CLIP and SigLIP exports have), falling back to the joint `onnx/model.onnx` when the towers are missing.
 */
export async function loadClipTowers({ modelId, device, dtype }: PretrainedRequest): Promise<ClipTowers> {
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const processor = await AutoImageProcessor.from_pretrained(modelId);
  const isSiglip = ((await AutoConfig.from_pretrained(modelId)) as { model_type?: string }).model_type === "siglip";
  const options = { device, dtype };
  // SigLIP was trained on texts padded to 64 tokens; CLIP pads to the longest text.
  const padding = isSiglip ? "max_length" : true;
  try {
    const TextTower = isSiglip ? SiglipTextModel : CLIPTextModelWithProjection;
    const VisionTower = isSiglip ? SiglipVisionModel : CLIPVisionModelWithProjection;
    const textModel = await TextTower.from_pretrained(modelId, options);
    const visionModel = await VisionTower.from_pretrained(modelId, options).catch(async (error: unknown) => {
      await textModel.dispose();
      throw error;
    });
    return towers(tokenizer, processor, padding, textModel, visionModel);
  } catch (error) {
    if (!isMissingFile(error)) throw error;
    return jointModel(tokenizer, processor, padding, await AutoModel.from_pretrained(modelId, options));
  }
}

function towers(tokenizer: Tokenizer, processor: ImageProcessor, padding: boolean | "max_length", textModel: PreTrainedModel, visionModel: PreTrainedModel): ClipTowers {
  return {
    separateTowers: true,
    embedImages(images) {
      return embedInBatches(processor, images, async (pixelInputs) => {
        const output = (await visionModel(pixelInputs)) as Record<string, Tensor>;
        return rowsOf(output.image_embeds ?? output.pooler_output);
      });
    },
    async embedTexts(texts) {
      const inputs = tokenizer([...texts], { padding, truncation: true, max_length: 64 } as never);
      const output = (await textModel(inputs)) as Record<string, Tensor>;
      return rowsOf(output.text_embeds ?? output.pooler_output);
    },
    async dispose() {
      await Promise.all([textModel.dispose(), visionModel.dispose()]);
    },
  };
}

function jointModel(tokenizer: Tokenizer, processor: ImageProcessor, padding: boolean | "max_length", model: PreTrainedModel): ClipTowers {
  let blank: Promise<Record<string, Tensor>> | undefined;
  const blankImage = () => (blank ??= processor(new RawImage(new Uint8ClampedArray(3 * 8 * 8), 8, 8, 3)) as Promise<Record<string, Tensor>>);
  const run = async (texts: readonly string[], pixelInputs: Record<string, Tensor>) => {
    const inputs = tokenizer([...texts], { padding, truncation: true, max_length: 64 } as never);
    return (await model({ ...inputs, ...pixelInputs })) as Record<string, Tensor>;
  };
  return {
    separateTowers: false,
    embedImages(images) {
      return embedInBatches(processor, images, async (pixelInputs) => rowsOf((await run([""], pixelInputs)).image_embeds));
    },
    async embedTexts(texts) {
      return rowsOf((await run(texts, await blankImage())).text_embeds);
    },
    async dispose() {
      await model.dispose();
    },
  };
}

/**
 * Processes each image, stacks those of the same processed shape (CLIP and SigLIP processors give one
 * size for every image, so normally all of them) and embeds each stack in one run.
 */
async function embedInBatches(
  processor: ImageProcessor,
  images: readonly RawImage[],
  embed: (pixelInputs: Record<string, Tensor>) => Promise<EmbeddingRows>,
): Promise<EmbeddingRows> {
  const pixels = await Promise.all(images.map(async (image) => ((await processor(image)) as Record<string, Tensor>).pixel_values!));
  const stacks = new Map<string, number[]>();
  pixels.forEach((tensor, index) => {
    const key = tensor.dims.join("x");
    stacks.set(key, [...(stacks.get(key) ?? []), index]);
  });
  const rows: EmbeddingRows = new Array(images.length);
  for (const indices of stacks.values()) {
    const stacked = indices.length === 1 ? pixels[indices[0]!]! : cat(indices.map((index) => pixels[index]!), 0);
    const embedded = await embed({ pixel_values: stacked });
    indices.forEach((index, position) => (rows[index] = embedded[position]!));
  }
  return rows;
}

/** The rows of a [rows, width] tensor, each L2-normalised (tower outputs are unnormalised projections). */
function rowsOf(tensor: Tensor | undefined): EmbeddingRows {
  if (tensor === undefined) throw new Error("the CLIP model returned no embeddings (expected text_embeds / image_embeds or pooler_output)");
  const width = tensor.dims.at(-1) ?? 0;
  const data = tensor.data as Float32Array;
  const rows: EmbeddingRows = [];
  for (let start = 0; start < data.length; start += width) {
    const row = data.slice(start, start + width);
    const norm = Math.hypot(...row) || 1;
    rows.push(row.map((value) => value / norm));
  }
  return rows;
}

function isMissingFile(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /could not locate file|not found|no such file|ENOENT/i.test(message);
}
