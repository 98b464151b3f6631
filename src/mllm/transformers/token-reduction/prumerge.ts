import { upperOutliers } from "./iqr-outliers.ts";
import { mergeNeighbours } from "./neighbour-merge.ts";
import { uniformSamples } from "./uniform-samples.ts";

/** One image's visual tokens with what PruMerge needs from the vision encoder; arrays are row-major. */
export interface VisualTokens {
  /** Token features [tokenCount × featureSize], as the language model would receive them. */
  readonly features: Float32Array;
  readonly featureSize: number;
  /** softmax(q_cls · Kᵀ / √d_k) of the class token over these tokens [tokenCount]. */
  readonly clsAttention: Float32Array;
  /** Attention keys of the same layer [tokenCount × keySize]. */
  readonly keys: Float32Array;
  readonly keySize: number;
}

/** Options for {@link pruneAndMergeTokens}. */
export interface PruneAndMergeOptions {
  readonly tokens: VisualTokens;
  /** PruMerge+: add spatially uniform samples to the important tokens. @defaultValue false */
  readonly plus?: boolean;
  /** Nearest tokens merged into each kept one (the authors' code uses 32). @defaultValue 32 */
  readonly neighbours?: number;
}

/** The reduced tokens and where they came from. */
export interface PrunedTokens {
  /** The kept tokens with their neighbours merged in [kept.length × featureSize]. */
  readonly features: Float32Array;
  /** Indices of the kept tokens in the encoder's output, ascending: the rows of `features`. */
  readonly kept: readonly number[];
  /** The IQR outliers among them (all of `kept` unless `plus`). */
  readonly important: readonly number[];
}

/**
 * LLaVA-PruMerge (Shang et al., arXiv 2403.15388) on one image: (1) the class token's attention scores
 * every token; (2) the outliers above Q3 + 1.5 · IQR are kept — an adaptive number, few for a plain image,
 * more for a busy one; (PruMerge+: plus every stride-th token, {@link uniformSamples}); (3) each kept token
 * absorbs its nearest tokens by key similarity, weighted by their attention ({@link mergeNeighbours}).
 * Kept tokens stay in raster order, the order the language model saw image tokens in during training
 * (the authors' code lists them by descending attention, for their fine-tuned checkpoints).
 */
export function pruneAndMergeTokens({ tokens, plus = false, neighbours = 32 }: PruneAndMergeOptions): PrunedTokens {
  const tokenCount = tokens.clsAttention.length;
  if (tokens.features.length !== tokenCount * tokens.featureSize || tokens.keys.length !== tokenCount * tokens.keySize) {
    throw new RangeError(`PruMerge needs as many features (${tokens.features.length / tokens.featureSize}) and keys (${tokens.keys.length / tokens.keySize}) as attention scores (${tokenCount})`);
  }
  const important = upperOutliers(tokens.clsAttention);
  const kept = plus ? [...new Set([...important, ...uniformSamples(tokenCount, important.length)])].sort((first, second) => first - second) : important;
  return { features: mergeNeighbours({ ...tokens, kept, neighbours }), kept, important };
}
