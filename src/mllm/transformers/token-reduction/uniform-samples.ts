/**
 * PruMerge+'s spatially uniform samples: every `stride`-th token in raster order, where the stride is a
 * third of the spacing the kept tokens would have if spread evenly (`tokenCount / keptCount`), at least 1.
 * With LLaVA-1.5's 576 tokens and 32 kept that is every 6th token (96 samples, 4 per row of the 24 × 24
 * grid), so about three samples join for each important token, as in the authors' code.
 */
export function uniformSamples(tokenCount: number, keptCount: number): number[] {
  const spacing = Math.floor(tokenCount / Math.max(1, keptCount));
  const stride = Math.max(1, Math.floor(spacing / 3));
  const samples: number[] = [];
  for (let index = 0; index < tokenCount; index += stride) samples.push(index);
  return samples;
}
