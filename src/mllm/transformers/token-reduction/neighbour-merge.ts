/** Options for {@link mergeNeighbours}; arrays are row-major, one row per visual token. */
export interface NeighbourMergeOptions {
  /** Token features [tokenCount × featureSize] (what enters the language model). */
  readonly features: Float32Array;
  readonly featureSize: number;
  /** The class token's attention to each token [tokenCount]: the merge weights. */
  readonly clsAttention: Float32Array;
  /** Attention keys [tokenCount × keySize]: similarity between tokens is the cosine of their keys. */
  readonly keys: Float32Array;
  readonly keySize: number;
  /** Indices of the tokens that stay, in the order their merged rows are wanted. */
  readonly kept: readonly number[];
  /** How many nearest tokens are merged into each kept one (fewer when the image has fewer). */
  readonly neighbours: number;
}

/**
 * PruMerge's merge step: each kept token p becomes y_p + Σ a_j · y_j over its `neighbours` nearest other
 * tokens j (highest key cosine similarity; kept or pruned alike; ties to the lower index), with a_j the
 * class token's attention to j. The weights are the raw attentions, not renormalised, as in the authors'
 * code: a token keeps its own feature and gains its cluster's share of the class token's attention. Every
 * neighbour contributes its original feature, whatever it merged itself. Returns [kept.length × featureSize].
 */
export function mergeNeighbours(options: NeighbourMergeOptions): Float32Array {
  const { features, featureSize, clsAttention, kept, neighbours } = options;
  const tokenCount = clsAttention.length;
  const unitKeys = normalisedRows(options.keys, options.keySize);
  const merged = new Float32Array(kept.length * featureSize);
  const similarity = new Float64Array(tokenCount);
  kept.forEach((token, row) => {
    for (let other = 0; other < tokenCount; other++) similarity[other] = dot(unitKeys, token, other, options.keySize);
    const nearest = mostSimilar(similarity, token, neighbours);
    const sum = Float64Array.from(features.subarray(token * featureSize, (token + 1) * featureSize));
    for (const neighbour of nearest) {
      const weight = clsAttention[neighbour]!;
      for (let feature = 0; feature < featureSize; feature++) sum[feature]! += weight * features[neighbour * featureSize + feature]!;
    }
    merged.set(sum, row * featureSize);
  });
  return merged;
}

/**
 * The `count` indices with the highest similarity, other than `self`, highest first, lower index first on
 * ties. A sorted buffer of `count` entries: far cheaper than sorting every token when count ≪ tokens.
 */
function mostSimilar(similarity: Float64Array, self: number, count: number): number[] {
  const best: number[] = [];
  for (let index = 0; index < similarity.length; index++) {
    const value = similarity[index]!;
    if (index === self || (best.length === count && !(value > similarity[best[count - 1]!]!))) continue;
    let position = best.length;
    while (position > 0 && similarity[best[position - 1]!]! < value) position--;
    best.splice(position, 0, index);
    if (best.length > count) best.pop();
  }
  return best;
}

/** Rows scaled to unit length (rows of zeros stay zero, as `F.normalize` leaves them). */
function normalisedRows(rows: Float32Array, size: number): Float64Array {
  const unit = Float64Array.from(rows);
  for (let start = 0; start < unit.length; start += size) {
    let squares = 0;
    for (let index = start; index < start + size; index++) squares += unit[index]! ** 2;
    const norm = Math.max(Math.sqrt(squares), 1e-12);
    for (let index = start; index < start + size; index++) unit[index]! /= norm;
  }
  return unit;
}

function dot(rows: Float64Array, first: number, second: number, size: number): number {
  let sum = 0;
  for (let index = 0; index < size; index++) sum += rows[first * size + index]! * rows[second * size + index]!;
  return sum;
}
