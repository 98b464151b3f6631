import { Tensor } from "@huggingface/transformers";
import { ViperError } from "../../errors/index.ts";
import { toFloat16Bits } from "./float16.ts";
import { pruneAndMergeTokens, type TokenReduction } from "./token-reduction/index.ts";

/** The vision encoder outputs PruMerge reads besides `image_features` (docs/MODELS.md shows the export). */
export const TOKEN_REDUCTION_OUTPUTS = ["cls_attention", "keys"] as const;

/** The parts of an ONNX Runtime session (as transformers.js holds it) that the reduction uses. */
export interface VisionSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** One image's tokens before and after reduction. */
export interface ReducedImage {
  /** The kept tokens' features [tokensOut, hidden size], in the encoder's output type. */
  readonly features: Tensor;
  readonly tokensIn: number;
  readonly tokensOut: number;
}

/** Options for {@link encodeReducedImage}. */
export interface EncodeReducedImageOptions {
  readonly session: VisionSession;
  /** The image processor's output for ONE image. */
  readonly visionInputs: Record<string, Tensor>;
  readonly reduction: Exclude<TokenReduction, "all">;
  /** Model id, for messages. */
  readonly model: string;
}

/**
 * Runs the vision encoder on one processed image, reading `image_features` together with `cls_attention`
 * [1, n] and `keys` [1, n, d], and applies PruMerge (or PruMerge+) to its n tokens. A layout that does not
 * line up is a MODEL_LOAD error naming the shapes.
 */
export async function encodeReducedImage({ session, visionInputs, reduction, model }: EncodeReducedImageOptions): Promise<ReducedImage> {
  const feeds = Object.fromEntries(session.inputNames.map((name) => [name, (visionInputs[name] as unknown as { ort_tensor: unknown } | undefined)?.ort_tensor]));
  const outputs = await session.run(feeds);
  const [features, clsAttention, keys] = (["image_features", ...TOKEN_REDUCTION_OUTPUTS] as const).map((name) => {
    const { type, data, dims } = outputs[name] as Pick<Tensor, "type" | "data" | "dims">;
    return new Tensor(type, data, dims);
  });
  const [batch, tokensIn, featureSize] = features!.dims;
  const keySize = keys!.dims[2]!;
  const fits = (features!.type === "float32" || features!.type === "float16") && batch === 1 && features!.dims.length === 3 && sameDims(clsAttention!.dims, [1, tokensIn!]) && sameDims(keys!.dims, [1, tokensIn!, keySize]);
  if (!fits) {
    throw new ViperError({
      code: "MODEL_LOAD",
      message: `The vision encoder of ${model} gives image_features [${features!.dims.join(", ")}] (${features!.type}), cls_attention [${clsAttention!.dims.join(", ")}] and keys [${keys!.dims.join(", ")}]; PruMerge needs float32 or float16 [1, n, hidden], [1, n] and [1, n, key size] for the same n tokens. Re-export it as docs/MODELS.md ("Visual-token reduction") shows, or use --vlm-tokens all.`,
      details: { model, imageFeatures: features!.dims, clsAttention: clsAttention!.dims, keys: keys!.dims },
    });
  }
  const pruned = pruneAndMergeTokens({
    tokens: {
      features: floats(features!),
      featureSize: featureSize!,
      clsAttention: floats(clsAttention!),
      keys: floats(keys!),
      keySize,
    },
    plus: reduction === "prumerge+",
  });
  const dims = [pruned.kept.length, featureSize!];
  // Same type as the encoder's features, so they match the text embeddings they are written into.
  const merged = features!.type === "float16" ? new Tensor("float16", toFloat16Bits(pruned.features), dims) : new Tensor("float32", pruned.features, dims);
  return { features: merged, tokensIn: tokensIn!, tokensOut: pruned.kept.length };
}

/** Why PruMerge cannot run on this vision encoder, or undefined when it can. */
export function reductionUnsupported(session: VisionSession | undefined): string | undefined {
  if (session === undefined) return "it has no vision_encoder session of a LLaVA-class model";
  const missing = TOKEN_REDUCTION_OUTPUTS.filter((name) => !session.outputNames.includes(name));
  return missing.length === 0 ? undefined : `its vision encoder has no ${missing.join(" or ")} output`;
}

function floats(tensor: Tensor): Float32Array {
  return tensor.to("float32").data as Float32Array;
}

function sameDims(dims: readonly number[], expected: readonly number[]): boolean {
  return dims.length === expected.length && dims.every((dim, index) => dim === expected[index]);
}
