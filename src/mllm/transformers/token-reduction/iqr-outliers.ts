/**
 * The `fraction` quantile (0 to 1) of ascending `sorted` values, interpolating linearly between the two
 * nearest ranks (NumPy's default `percentile`, which the PruMerge authors use).
 */
export function quantile(sorted: ArrayLike<number>, fraction: number): number {
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Indices (ascending) of the values above the upper fence Q3 + 1.5 · IQR, Tukey's outliers: PruMerge's
 * adaptive choice of important tokens from the class token's attention. When nothing stands out (e.g.
 * uniform attention) the single largest value is kept (the first, on ties), so an image never vanishes
 * from the prompt.
 */
export function upperOutliers(values: ArrayLike<number>): number[] {
  if (values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const upperQuartile = quantile(sorted, 0.75);
  const fence = upperQuartile + 1.5 * (upperQuartile - quantile(sorted, 0.25));
  const outliers: number[] = [];
  let largest = 0;
  for (let index = 0; index < values.length; index++) {
    if (values[index]! > fence) outliers.push(index);
    if (values[index]! > values[largest]!) largest = index;
  }
  return outliers.length > 0 ? outliers : [largest];
}
