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

/** Options for {@link softNonMaximumSuppression}. */
export interface SoftNmsOptions {
  /** Width of the Gaussian decay: a box overlapping a kept box of its group by IoU u keeps exp(−u²/sigma) of its score. */
  sigma: number;
  /**
   * A box overlapping a kept box of its group by more than this IoU is dropped outright, as in greedy NMS.
   * @defaultValue 1 (never)
   */
  iouThreshold?: number;
  /**
   * Boxes whose score decays below this are dropped.
   * @defaultValue 0
   */
  minScore?: number;
}

/**
 * Gaussian Soft-NMS (Bodla et al., 2017), per group: repeatedly keeps the best-scored box and, instead of
 * dropping the boxes of its group that overlap it, lowers their scores by how much they overlap. Two
 * objects side by side keep both boxes (slightly lowered); a near-duplicate falls far below any threshold.
 * Returns the kept items with their new scores, best first.
 */
export function softNonMaximumSuppression<T extends ScoredBox>(items: readonly T[], options: SoftNmsOptions): T[] {
  const { sigma, iouThreshold = 1, minScore = 0 } = options;
  const kept: T[] = [];
  const groups = new Map<ScoredBox["group"], T[]>();
  for (const item of items) {
    const members = groups.get(item.group);
    if (members) members.push(item);
    else groups.set(item.group, [item]);
  }
  for (const members of groups.values()) {
    let pool = members.map((item) => ({ item, score: item.score }));
    while (pool.length > 0) {
      let bestIndex = 0;
      for (let index = 1; index < pool.length; index++) if (pool[index]!.score > pool[bestIndex]!.score) bestIndex = index;
      const best = pool[bestIndex]!;
      if (best.score < minScore) break;
      kept.push({ ...best.item, score: best.score });
      const rest: typeof pool = [];
      for (const [index, other] of pool.entries()) {
        const overlap = boxIou(best.item.box, other.item.box);
        if (index === bestIndex || overlap > iouThreshold) continue;
        rest.push({ item: other.item, score: other.score * Math.exp(-(overlap * overlap) / sigma) });
      }
      pool = rest;
    }
  }
  return kept.sort((a, b) => b.score - a.score);
}
