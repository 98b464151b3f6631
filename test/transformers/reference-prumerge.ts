import type { VisualTokens } from "../../src/mllm/transformers/token-reduction/index.ts";

/**
 * A plain reference PruMerge, written the obvious way (full cosine matrix from raw keys, full sorts), to
 * check the implementation against on fixed tensors.
 */
export function referencePruMerge(tokens: VisualTokens, plus: boolean, neighbours = 32): { kept: number[]; features: number[][] } {
  const count = tokens.clsAttention.length;
  const attention = Array.from(tokens.clsAttention);
  const sorted = [...attention].sort((first, second) => first - second);
  const percentile = (fraction: number) => {
    const rank = (count - 1) * fraction;
    const low = Math.floor(rank);
    const high = Math.ceil(rank);
    return sorted[low]! * (1 - (rank - low)) + sorted[high]! * (rank - low);
  };
  const fence = percentile(0.75) + 1.5 * (percentile(0.75) - percentile(0.25));
  let important = attention.flatMap((value, index) => (value > fence ? [index] : []));
  if (important.length === 0) important = [attention.indexOf(Math.max(...attention))];
  let kept = [...important];
  if (plus) {
    const stride = Math.max(1, Math.floor(Math.floor(count / important.length) / 3));
    for (let index = 0; index < count; index += stride) if (!kept.includes(index)) kept.push(index);
  }
  kept = kept.sort((first, second) => first - second);
  const row = (data: Float32Array, size: number, index: number) => Array.from(data.slice(index * size, (index + 1) * size));
  const cosine = (first: number[], second: number[]) => {
    const dot = first.reduce((sum, value, index) => sum + value * second[index]!, 0);
    return dot / (Math.hypot(...first) * Math.hypot(...second));
  };
  const features = kept.map((token) => {
    const key = row(tokens.keys, tokens.keySize, token);
    const others = Array.from({ length: count }, (_, index) => index).filter((index) => index !== token);
    const ranked = others
      .map((index) => ({ index, similarity: cosine(key, row(tokens.keys, tokens.keySize, index)) }))
      .sort((first, second) => second.similarity - first.similarity || first.index - second.index)
      .slice(0, neighbours);
    const merged = row(tokens.features, tokens.featureSize, token);
    for (const { index } of ranked) {
      row(tokens.features, tokens.featureSize, index).forEach((value, feature) => (merged[feature]! += attention[index]! * value));
    }
    return merged;
  });
  return { kept, features };
}
