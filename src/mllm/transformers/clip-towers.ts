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
  type PreTrainedModel,
  type Tensor,
} from "@huggingface/transformers";
import type { PretrainedRequest } from "./load-pretrained.ts";

/** L2-normalised embeddings, one row per input, all of the same width. */
export type EmbeddingRows = Float32Array[];

/**
 * A loaded CLIP / SigLIP model that embeds images and texts separately. `separateTowers` is false when
 * the export only has the joint `onnx/model.onnx`: then every image embedding runs the text side too
 * (on a one-token placeholder) and every text embedding runs the vision side (on a blank image).
 */
export interface ClipTowers {
  readonly separateTowers: boolean;
  embedImage(image: RawImage): Promise<Float32Array>;
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
    async embedImage(image) {
      const output = (await visionModel(await processor(image))) as Record<string, Tensor>;
      const [row] = rowsOf(output.image_embeds ?? output.pooler_output);
      return row!;
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
    async embedImage(image) {
      const [row] = rowsOf((await run([""], (await processor(image)) as Record<string, Tensor>)).image_embeds);
      return row!;
    },
    async embedTexts(texts) {
      return rowsOf((await run(texts, await blankImage())).text_embeds);
    },
    async dispose() {
      await model.dispose();
    },
  };
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
