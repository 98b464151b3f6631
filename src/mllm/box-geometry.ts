import type { PixelBox } from "./rgb-image.ts";

/** Area of a pixel box (0 for an empty or inverted box). */
export function boxArea(box: PixelBox): number {
  return Math.max(0, box.x1 - box.x0) * Math.max(0, box.y1 - box.y0);
}

/** Intersection over union of two boxes, in [0, 1]; 0 when either box is empty. */
export function boxIou(a: PixelBox, b: PixelBox): number {
  const width = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const height = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  const union = boxArea(a) + boxArea(b) - intersection;
  return union > 0 ? intersection / union : 0;
}

/** Fraction of `inner`'s area that lies inside `outer`, in [0, 1]. */
export function boxCoverage(inner: PixelBox, outer: PixelBox): number {
  const width = Math.min(inner.x1, outer.x1) - Math.max(inner.x0, outer.x0);
  const height = Math.min(inner.y1, outer.y1) - Math.max(inner.y0, outer.y0);
  const area = boxArea(inner);
  if (width <= 0 || height <= 0 || area === 0) return 0;
  return (width * height) / area;
}

/** Anything with a box and a score; `group` (e.g. a class index) keeps NMS from merging different kinds. */
export interface ScoredBox {
  readonly box: PixelBox;
  readonly score: number;
  readonly group?: number | string;
}

/** Options for {@link nonMaximumSuppression}. */
export interface NmsOptions {
  /**
   * Two boxes of the same group overlapping more than this IoU are duplicates; the lower-scored one goes.
   * @defaultValue 0.45
   */
  iouThreshold?: number;
  /**
   * Also drop a box when this fraction of its own area lies inside a kept box of the same group (catches a
   * partial box cut by a tile edge inside the full object's box). 1 turns the check off.
   * @defaultValue 1
   */
  containmentThreshold?: number;
}

/**
 * Greedy non-maximum suppression, per group (class-aware): keeps the highest-scored box and drops the boxes
 * of the same group that duplicate it. Returns the kept items, best first.
 */
export function nonMaximumSuppression<T extends ScoredBox>(items: readonly T[], options: NmsOptions = {}): T[] {
  const { iouThreshold = 0.45, containmentThreshold = 1 } = options;
  const sorted = [...items].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const candidate of sorted) {
    const duplicate = kept.some(
      (keeper) =>
        keeper.group === candidate.group &&
        (boxIou(keeper.box, candidate.box) > iouThreshold ||
          (containmentThreshold < 1 && boxCoverage(candidate.box, keeper.box) > containmentThreshold)),
    );
    if (!duplicate) kept.push(candidate);
  }
  return kept;
}
