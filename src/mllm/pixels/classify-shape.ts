import type { OpenCv } from "./opencv/load-opencv.ts";
import type { MatScope } from "./opencv/mat-scope.ts";
import type { SolidMask } from "./segment.ts";
import type { ShapeName } from "./shape-names.ts";

/** Geometric measurements of one object. */
export interface ShapeFeatures {
  /** Object area / area of its convex hull: about 1 for convex shapes, about 0.55 for a five-pointed star. */
  readonly solidity: number;
  /** Object area / area of the smallest rotated rectangle around it: 1 square, π/4 circle, 1/2 triangle. */
  readonly rectangleFill: number;
  /** Long side / short side of that rectangle. */
  readonly aspectRatio: number;
  /** Rotation-invariant linear size in pixels: geometric mean of the hull's diameter and √(hull area). */
  readonly scalePx: number;
  /** Number of solid (at least half covered) pixels. */
  readonly solidPixels: number;
  /** Farthest outline point from the centroid per 5° of direction, for telling stars apart. */
  readonly radialProfile: Float64Array;
}

/** Angular bins of the radial profile (5° each). */
const PROFILE_BINS = 72;

/**
 * Measures an object from its solid pixels and coverage-weighted area with OpenCV: the outline
 * (findContours), its convex hull, the hull's area and perimeter, and the smallest rotated rectangle
 * around it (minAreaRect).
 */
export function measureShape(options: { cv: OpenCv; scope: MatScope; solid: SolidMask; area: number }): ShapeFeatures {
  const { cv, scope, solid, area } = options;
  const empty = { solidity: 0, rectangleFill: 0, aspectRatio: 1, scalePx: 0, solidPixels: solid.count, radialProfile: new Float64Array(PROFILE_BINS) };
  if (solid.count === 0) return empty;
  const mask = scope.track(new cv.Mat(solid.height, solid.width, cv.CV_8UC1));
  mask.data.set(solid.data);
  const contours = scope.track(new cv.MatVector());
  cv.findContours(mask, contours, scope.track(new cv.Mat()), cv.RETR_EXTERNAL, cv.CHAIN_APPROX_NONE);
  const outline: number[] = [];
  for (let index = 0; index < contours.size(); index++) for (const coordinate of scope.track(contours.get(index)).data32S) outline.push(coordinate);
  const points = scope.track(cv.matFromArray(outline.length / 2, 1, cv.CV_32SC2, outline));
  const hull = scope.track(new cv.Mat());
  cv.convexHull(points, hull, false, true);
  // Pixel centres lie up to half a pixel inside the true outline: grow the hull by that half pixel.
  const perimeter = cv.arcLength(hull, true);
  const hullArea = cv.contourArea(hull) + perimeter / 2 + Math.PI / 4;
  const rectangle = cv.minAreaRect(hull);
  const long = Math.max(rectangle.size.width, rectangle.size.height) + 1;
  const short = Math.min(rectangle.size.width, rectangle.size.height) + 1;
  const moments = cv.moments(mask, true);
  const center = { x: moments.m10 / moments.m00, y: moments.m01 / moments.m00 };
  return {
    solidity: area / hullArea,
    rectangleFill: area / (long * short),
    aspectRatio: long / short,
    scalePx: Math.sqrt((diameter(hull.data32S) + 1) * Math.sqrt(hullArea)),
    solidPixels: solid.count,
    radialProfile: radialProfile(outline, center),
  };
}

/**
 * Names the shape of an object from {@link measureShape}'s features. Convex objects are told apart by how
 * they fill their smallest rotated rectangle (so rotation does not matter); a star is a non-convex object
 * with five evenly spaced tips.
 */
export function classifyShape(features: ShapeFeatures): ShapeName {
  if (features.solidPixels < 9) return "other";
  if (features.solidity < 0.82) return hasFiveEvenTips(features.radialProfile) ? "star" : "other";
  if (features.rectangleFill >= 0.86) return features.aspectRatio < 1.4 ? "square" : "rectangle";
  if (features.rectangleFill >= 0.68 && features.aspectRatio < 1.15 && features.solidity > 0.9) return "circle";
  // A convex shape fills at least half of its smallest enclosing rectangle, and only a triangle gets
  // close to that bound.
  if (features.rectangleFill < 0.62 && features.solidity > 0.88) return "triangle";
  return "other";
}

/** Largest distance between two of the hull's points (x, y pairs); hulls have tens of points. */
function diameter(hull: Int32Array): number {
  let largest = 0;
  for (let first = 0; first < hull.length; first += 2) {
    for (let second = first + 2; second < hull.length; second += 2) largest = Math.max(largest, Math.hypot(hull[first]! - hull[second]!, hull[first + 1]! - hull[second + 1]!));
  }
  return largest;
}

/** The farthest outline point (x, y pairs) from the centre in each angular bin. */
function radialProfile(outline: readonly number[], center: { x: number; y: number }): Float64Array {
  const profile = new Float64Array(PROFILE_BINS);
  for (let index = 0; index < outline.length; index += 2) {
    const dx = outline[index]! - center.x;
    const dy = outline[index + 1]! - center.y;
    const bin = Math.floor(((Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI)) * PROFILE_BINS) % PROFILE_BINS;
    profile[bin] = Math.max(profile[bin]!, Math.hypot(dx, dy));
  }
  return profile;
}

/**
 * True when the outline's distance from the centroid, as a function of angle, has exactly five tall
 * peaks about 72° apart with deep valleys between them (a five-pointed star at any rotation).
 */
function hasFiveEvenTips(profile: Float64Array): boolean {
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
