/** The two relative sizes pixel analysis names. */
export type SizeName = "small" | "large";

/** Two sizes must differ at least this much (ratio of scales) to be called small and large. */
const MIN_SIZE_RATIO = 1.4;
/** With only one size in the image, objects at least this share of the shorter image side are large. */
const LARGE_SHARE_OF_SIDE = 0.155;

/**
 * Names each object small or large relative to the other objects of the same image: when the scales
 * fall into two groups (the widest gap between sorted scales is a ratio of at least 1.4) the gap splits
 * them; when they are all alike, they are compared with the image's shorter side instead.
 */
export function nameSizes(scalesPx: readonly number[], shorterSidePx: number): SizeName[] {
  const sorted = [...scalesPx].sort((a, b) => a - b);
  let threshold = LARGE_SHARE_OF_SIDE * shorterSidePx;
  let widestRatio = 0;
  for (let index = 1; index < sorted.length; index++) {
    const ratio = sorted[index]! / Math.max(sorted[index - 1]!, 1e-9);
    if (ratio > widestRatio) {
      widestRatio = ratio;
      if (ratio >= MIN_SIZE_RATIO) threshold = Math.sqrt(sorted[index]! * sorted[index - 1]!);
    }
  }
  return scalesPx.map((scale) => (scale >= threshold ? "large" : "small"));
}
