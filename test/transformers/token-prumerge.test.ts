import { describe, expect, it } from "vitest";
import { mergeNeighbours, pruneAndMergeTokens, quantile, uniformSamples, upperOutliers, type VisualTokens } from "../../src/mllm/transformers/token-reduction/index.ts";
import { referencePruMerge } from "./reference-prumerge.ts";

/** Deterministic tokens with a trained-looking attention: softmax of `sharpness` × normal-ish logits. */
function fixedTokens(seed: number, count = 576, featureSize = 8, keySize = 6, sharpness = 2.5): VisualTokens {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  const logits = Array.from({ length: count }, () => sharpness * (random() + random() + random() - 1.5));
  const total = logits.reduce((sum, logit) => sum + Math.exp(logit), 0);
  return {
    features: Float32Array.from({ length: count * featureSize }, () => random() * 2 - 1),
    featureSize,
    // A class token's softmax spans itself too, so the scores over the tokens sum to a bit under 1.
    clsAttention: Float32Array.from(logits, (logit) => (0.97 * Math.exp(logit)) / total),
    keys: Float32Array.from({ length: count * keySize }, () => random() * 2 - 1),
    keySize,
  };
}

function rows(data: Float32Array, size: number): number[][] {
  return Array.from({ length: data.length / size }, (_, index) => Array.from(data.slice(index * size, (index + 1) * size)));
}

describe("IQR selection of the important tokens (upperOutliers)", () => {
  it("computes quartiles by linear interpolation between ranks, as NumPy's percentile does", () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25);
    expect(quantile([5], 0.75)).toBe(5);
  });

  it("keeps exactly the values above Q3 + 1.5 · IQR, in token order", () => {
    // Q1 = Q3 = 1, so the fence is 1: only the two spikes stand out.
    expect(upperOutliers([1, 1, 1, 9, 1, 1, 1, 1, 1, 5, 1, 1])).toEqual([3, 9]);
    // Q1 = 4, Q3 = 10, fence 19: 30 and 25 are out, 17 is not.
    expect(upperOutliers([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 17, 25])).toEqual([10, 12]);
  });

  it("adapts the count to the image: a flatter attention keeps fewer tokens than a peaky one", () => {
    const flat = upperOutliers(fixedTokens(7, 576, 8, 6, 0.5).clsAttention).length;
    const peaky = upperOutliers(fixedTokens(7, 576, 8, 6, 4).clsAttention).length;
    expect(peaky).toBeGreaterThan(flat);
  });

  it("keeps the single strongest token when nothing stands out (never an empty image)", () => {
    expect(upperOutliers([0.25, 0.25, 0.25, 0.25])).toEqual([0]);
    expect(upperOutliers([0.1, 0.3, 0.3, 0.3])).toEqual([1]);
  });
});

describe("PruMerge+ spatially uniform samples", () => {
  it("takes every (n / m / 3)-th token: 96 for LLaVA-1.5's 576 with 32 important, 4 per grid row", () => {
    const samples = uniformSamples(576, 32);
    expect(samples).toHaveLength(96);
    expect(samples.slice(0, 5)).toEqual([0, 6, 12, 18, 24]);
    expect(samples.filter((index) => Math.floor(index / 24) === 10)).toEqual([240, 246, 252, 258]);
  });

  it("never steps by less than one token", () => {
    expect(uniformSamples(10, 9)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(uniformSamples(576, 1)).toEqual([0, 192, 384]);
  });
});

describe("merging each kept token's nearest tokens (mergeNeighbours)", () => {
  // One-hot features make every output row show the weight each token got.
  const identity = (size: number) => Float32Array.from({ length: size * size }, (_, index) => (index % (size + 1) === 0 ? 1 : 0));

  it("adds the k nearest tokens by key cosine, weighted by their raw class attention, to the kept token", () => {
    const merged = mergeNeighbours({
      features: identity(5),
      featureSize: 5,
      clsAttention: Float32Array.from([0.5, 0.2, 0.1, 0.1, 0.1]),
      // Nearest to token 0 by direction: 1 (almost parallel), then 3; 2 is orthogonal, 4 opposite. Lengths do not matter.
      keys: Float32Array.from([1, 0, 9, 1, 0, 1, 0.1, 0.9, -1, 0]),
      keySize: 2,
      kept: [0],
      neighbours: 2,
    });
    expect(Array.from(merged)).toEqual([1, 0.2, 0, 0.1, 0].map(Math.fround));
  });

  it("draws neighbours from kept and pruned tokens alike, with their original features, in the order asked", () => {
    const merged = rows(
      mergeNeighbours({
        features: identity(4),
        featureSize: 4,
        clsAttention: Float32Array.from([0.4, 0.3, 0.2, 0.1]),
        keys: Float32Array.from([1, 0, 1, 0.1, 0, 1, 0.1, 1]),
        keySize: 2,
        kept: [2, 0],
        neighbours: 1,
      }),
      4,
    );
    // Token 2's nearest is the pruned 3; token 0's nearest is 1. Neither row sees the other's merge.
    expect(merged[0]).toEqual([0, 0, 1, 0.1].map(Math.fround));
    expect(merged[1]).toEqual([1, 0.3, 0, 0].map(Math.fround));
  });

  it("breaks similarity ties toward the lower token index and caps k at the other tokens there are", () => {
    const merged = mergeNeighbours({
      features: identity(3),
      featureSize: 3,
      clsAttention: Float32Array.from([0.5, 0.25, 0.25]),
      keys: Float32Array.from([1, 0, 0, 1, 0, 1]),
      keySize: 2,
      kept: [0],
      neighbours: 1,
    });
    expect(Array.from(merged)).toEqual([1, 0.25, 0]);
    const all = mergeNeighbours({ features: identity(3), featureSize: 3, clsAttention: Float32Array.from([0.5, 0.25, 0.25]), keys: Float32Array.from([1, 0, 0, 1, 0, 1]), keySize: 2, kept: [0], neighbours: 32 });
    expect(Array.from(all)).toEqual([1, 0.25, 0.25]);
  });
});

describe("pruneAndMergeTokens against the reference implementation", () => {
  it.each([1, 2, 3, 4, 5])("PruMerge on fixed tensors (seed %i): same kept tokens, same order, same merged features", (seed) => {
    const tokens = fixedTokens(seed);
    const expected = referencePruMerge(tokens, false);
    const actual = pruneAndMergeTokens({ tokens });
    expect(actual.kept).toEqual(expected.kept);
    expect(actual.important).toEqual(expected.kept);
    expect(expected.kept.length).toBeGreaterThan(3);
    expect(expected.kept.length).toBeLessThan(100);
    rows(actual.features, tokens.featureSize).forEach((row, index) => row.forEach((value, feature) => expect(value).toBeCloseTo(expected.features[index]![feature]!, 5)));
  });

  it.each([1, 2, 3])("PruMerge+ on fixed tensors (seed %i): the important tokens plus uniform samples, merged alike", (seed) => {
    const tokens = fixedTokens(seed);
    const expected = referencePruMerge(tokens, true);
    const actual = pruneAndMergeTokens({ tokens, plus: true });
    expect(actual.kept).toEqual(expected.kept);
    expect(actual.kept).toEqual(expect.arrayContaining([...actual.important]));
    expect(actual.kept.length).toBeGreaterThan(actual.important.length * 2);
    rows(actual.features, tokens.featureSize).forEach((row, index) => row.forEach((value, feature) => expect(value).toBeCloseTo(expected.features[index]![feature]!, 5)));
  });

  it("lists the kept tokens in raster order, each row built from its own token", () => {
    const count = 40;
    const tokens = { ...fixedTokens(9, count, count, 4), features: Float32Array.from({ length: count * count }, (_, index) => (index % (count + 1) === 0 ? 1 : 0)) };
    const { kept, features } = pruneAndMergeTokens({ tokens, plus: true, neighbours: 3 });
    expect(kept).toEqual([...kept].sort((first, second) => first - second));
    rows(features, count).forEach((row, index) => expect(row[kept[index]!]).toBeGreaterThanOrEqual(1));
  });

  it("refuses features or keys that do not match the attention's token count", () => {
    const tokens = fixedTokens(1, 10);
    expect(() => pruneAndMergeTokens({ tokens: { ...tokens, keys: tokens.keys.subarray(6) } })).toThrow(RangeError);
  });
});
