import { convexHull, diameter, minimumAreaRectangle, polygonArea, type Point } from "./convex-hull.ts";
import type { ShapeName } from "./shape-names.ts";

/** Geometric measurements of one blob. */
export interface ShapeFeatures {
  /** Blob area / area of its convex hull: about 1 for convex shapes, about 0.55 for a five-pointed star. */
  readonly solidity: number;
  /** Blob area / area of the smallest rotated rectangle around it: 1 square, π/4 circle, 1/2 triangle. */
  readonly rectangleFill: number;
  /** Long side / short side of that rectangle. */
  readonly aspectRatio: number;
  /** Rotation-invariant linear size in pixels: geometric mean of the hull's diameter and √(hull area). */
  readonly scalePx: number;
}

/** Measures a blob from the centres of its solid pixels and its coverage-weighted area. */
export function measureShape(solidPixels: ReadonlyArray<readonly [number, number]>, area: number): ShapeFeatures {
  const hull = convexHull(rowExtremes(solidPixels));
  // Pixel centres lie up to half a pixel inside the true outline: grow the hull by that half pixel.
  const perimeter = hull.reduce((sum, point, index) => sum + Math.hypot(point[0] - hull[(index + 1) % hull.length]![0], point[1] - hull[(index + 1) % hull.length]![1]), 0);
  const hullArea = polygonArea(hull) + perimeter / 2 + Math.PI / 4;
  const rectangle = minimumAreaRectangle(hull);
  const long = Math.max(rectangle.width, rectangle.height) + 1;
  const short = Math.min(rectangle.width, rectangle.height) + 1;
  return {
    solidity: area / hullArea,
    rectangleFill: area / (long * short),
    aspectRatio: long / short,
    scalePx: Math.sqrt((diameter(hull) + 1) * Math.sqrt(hullArea)),
  };
}

/**
 * Names the shape of a blob from its solid pixels and {@link measureShape}'s features. Convex blobs are told apart by how they fill their smallest rotated
 * rectangle (so rotation does not matter); a star is a non-convex blob with five evenly spaced tips.
 */
export function classifyShape(solidPixels: ReadonlyArray<readonly [number, number]>, features: ShapeFeatures): ShapeName {
  if (solidPixels.length < 9) return "other";
  if (features.solidity < 0.82) return hasFiveEvenTips(solidPixels) ? "star" : "other";
  if (features.rectangleFill >= 0.86) return features.aspectRatio < 1.4 ? "square" : "rectangle";
  if (features.rectangleFill >= 0.68 && features.aspectRatio < 1.15 && features.solidity > 0.9) return "circle";
  // A convex shape fills at least half of its smallest enclosing rectangle, and only a triangle gets
  // close to that bound.
  if (features.rectangleFill < 0.62 && features.solidity > 0.88) return "triangle";
  return "other";
}

/** The leftmost and rightmost pixel centre of each row: the convex hull of these is the blob's hull. */
function rowExtremes(solidPixels: ReadonlyArray<readonly [number, number]>): Point[] {
  const rows = new Map<number, [number, number]>();
  for (const [x, y] of solidPixels) {
    const row = rows.get(y);
    if (row === undefined) rows.set(y, [x, x]);
    else rows.set(y, [Math.min(row[0], x), Math.max(row[1], x)]);
  }
  const points: Point[] = [];
  for (const [y, [left, right]] of rows) points.push([left, y], [right, y]);
  return points;
}

/** Angular bins of the radial profile (5° each). */
const PROFILE_BINS = 72;

/**
 * True when the outline's distance from the centroid, as a function of angle, has exactly five tall
 * peaks about 72° apart with deep valleys between them (a five-pointed star at any rotation).
 */
function hasFiveEvenTips(solidPixels: ReadonlyArray<readonly [number, number]>): boolean {
  let sumX = 0;
  let sumY = 0;
  for (const [x, y] of solidPixels) {
    sumX += x;
    sumY += y;
  }
  const centerX = sumX / solidPixels.length;
  const centerY = sumY / solidPixels.length;
  const profile = new Float64Array(PROFILE_BINS);
  for (const [x, y] of solidPixels) {
    const angle = Math.atan2(y - centerY, x - centerX);
    const bin = Math.floor(((angle + Math.PI) / (2 * Math.PI)) * PROFILE_BINS) % PROFILE_BINS;
    profile[bin] = Math.max(profile[bin]!, Math.hypot(x - centerX, y - centerY));
  }
  const highest = Math.max(...profile);
  const lowest = Math.min(...profile);
  if (highest === 0 || lowest / highest > 0.75) return false;
  const peaks: number[] = [];
  for (let bin = 0; bin < PROFILE_BINS; bin++) {
    const value = profile[bin]!;
    const before = profile[(bin + PROFILE_BINS - 1) % PROFILE_BINS]!;
    const after = profile[(bin + 1) % PROFILE_BINS]!;
    if (value >= 0.8 * highest && value >= before && value > after) peaks.push(bin);
  }
  if (peaks.length !== 5) return false;
  return peaks.every((bin, index) => {
    const gap = (peaks[(index + 1) % 5]! - bin + PROFILE_BINS) % PROFILE_BINS;
    return Math.abs(gap - PROFILE_BINS / 5) <= 4;
  });
}
