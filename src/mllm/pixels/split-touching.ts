import { distancePeaks, type DistancePeak } from "./distance-peaks.ts";
import type { OpenCv } from "./opencv/load-opencv.ts";
import type { MatScope } from "./opencv/mat-scope.ts";
import { spreadLabels } from "./spread-labels.ts";

/** Options for {@link splitTouching}. */
export interface SplitTouchingOptions {
  /**
   * A bulge is an object of its own when the neck to a bigger bulge is narrower than this share of its own
   * width (saddle / height of the distance map). Objects that touch or barely overlap meet at a narrow neck;
   * the lobes, wings and heads of one object meet at a wide one (two apple lobes 0.9, a butterfly's wings
   * 0.4, a person's head 0.6).
   * @defaultValue 0.3
   */
  readonly maxNeckShare?: number;
  /**
   * Smallest drop, in pixels, from a bulge's peak to its neck (smaller dents are outline noise).
   * @defaultValue 2
   */
  readonly minProminencePx?: number;
  /**
   * Smallest width of an object as a share of the widest object of the region: thinner bulges (a leaf, a
   * stem, a foot) belong to their neighbour.
   * @defaultValue 0.25
   */
  readonly minWidthShare?: number;
}

/** A region cut into the objects it holds. */
export interface SplitRegion {
  /** Per pixel of the region's box, row-major: the object (1 to count) or 0 outside the region. */
  readonly parts: Int32Array;
  readonly count: number;
  /** Half the width of the region at its widest: the largest distance to its outline. */
  readonly thicknessPx: number;
}

/**
 * Cuts a one-colour region into the objects that touch or overlap in it: the distance transform turns
 * each object into a bulge, bulges joined by narrow necks seed a marker each (their part above the
 * neck), and a watershed from the markers fills the rest of the region, so the cuts fall at the necks.
 */
export function splitTouching(options: { cv: OpenCv; scope: MatScope; mask: Uint8Array; width: number; height: number } & SplitTouchingOptions): SplitRegion {
  const { cv, scope, mask, width, height, maxNeckShare = 0.3, minProminencePx = 2, minWidthShare = 0.25 } = options;
  const region = scope.track(new cv.Mat(height, width, cv.CV_8UC1));
  region.data.set(mask);
  const distanceMat = scope.track(new cv.Mat());
  cv.distanceTransform(region, distanceMat, cv.DIST_L2, cv.DIST_MASK_PRECISE);
  // OpenCV.js takes (source, mask); an empty mask means the whole region.
  const thicknessPx = cv.minMaxLoc(distanceMat, scope.track(new cv.Mat())).maxVal;
  // Most regions have one tall bulge: one object, no need for the peak analysis.
  const peaks = countTallMaxima({ cv, scope, distanceMat, minimum: minWidthShare * thicknessPx }) > 1 ? distancePeaks({ distance: Float32Array.from(distanceMat.data32F), width, height }) : [];
  const seeds = peaks.filter((peak) => peak.height - peak.saddle >= minProminencePx && peak.saddle < maxNeckShare * peak.height && peak.height >= minWidthShare * thicknessPx);
  const parts = new Int32Array(width * height);
  if (seeds.length <= 1) {
    for (let index = 0; index < parts.length; index++) parts[index] = mask[index] === 0 ? 0 : 1;
    return { parts, count: mask.some((value) => value !== 0) ? 1 : 0, thicknessPx };
  }
  const markers = seedMarkers({ cv, scope, distanceMat, seeds: seeds.slice(0, MAX_SEEDS), width, height });
  // Inside the region every pixel looks alike, outside nothing does: the flood stays in the region and
  // runs outwards from the markers at an even pace, meeting at the necks.
  const picture = scope.track(new cv.Mat(height, width, cv.CV_8UC3, new cv.Scalar(255, 255, 255, 255)));
  const pixels = picture.data;
  for (let index = 0; index < mask.length; index++) if (mask[index] !== 0) pixels.fill(0, index * 3, index * 3 + 3);
  cv.watershed(picture, markers);
  const flooded = markers.data32S;
  for (let index = 0; index < parts.length; index++) parts[index] = mask[index] === 0 ? 0 : Math.max(flooded[index]!, 0);
  const count = spreadLabels({ labels: parts, inside: mask, width, height, nextLabel: Math.min(seeds.length, MAX_SEEDS) + 1 }) - 1;
  return { parts, count, thicknessPx };
}

/**
 * Number of plateaus of local maxima (3×3) at or above `minimum`: a region with one such bulge holds one
 * object, which spares it the peak analysis.
 */
function countTallMaxima(options: { cv: OpenCv; scope: MatScope; distanceMat: InstanceType<OpenCv["Mat"]>; minimum: number }): number {
  const { cv, scope, distanceMat, minimum } = options;
  const dilated = scope.track(new cv.Mat());
  cv.dilate(distanceMat, dilated, scope.track(cv.Mat.ones(3, 3, cv.CV_8U)));
  const isMaximum = scope.track(new cv.Mat());
  cv.compare(distanceMat, dilated, isMaximum, cv.CMP_GE);
  const tall = scope.track(new cv.Mat());
  cv.threshold(distanceMat, tall, minimum - 1e-3, 255, cv.THRESH_BINARY);
  const tallBytes = scope.track(new cv.Mat());
  tall.convertTo(tallBytes, cv.CV_8U);
  cv.bitwise_and(isMaximum, tallBytes, isMaximum);
  return cv.connectedComponents(isMaximum, scope.track(new cv.Mat()), 8, cv.CV_32S) - 1;
}

/** Markers are numbered in one byte of the flood-fill mask. */
const MAX_SEEDS = 254;

/**
 * One marker per seed: the part of the region around the seed's peak that lies above every neck the
 * seed has to a neighbouring seed (a flood fill of the distance map from the peak).
 */
function seedMarkers(options: { cv: OpenCv; scope: MatScope; distanceMat: InstanceType<OpenCv["Mat"]>; seeds: readonly DistancePeak[]; width: number; height: number }) {
  const { cv, scope, distanceMat, seeds, width, height } = options;
  const level = new Map(seeds.map((seed) => [seed.index, seed.saddle]));
  for (const seed of seeds) if (seed.meets !== undefined && level.has(seed.meets)) level.set(seed.meets, Math.max(level.get(seed.meets)!, seed.saddle));
  const filled = scope.track(new cv.Mat(height + 2, width + 2, cv.CV_8UC1, new cv.Scalar(0)));
  seeds.forEach((seed, number) => {
    const x = seed.index % width;
    const y = (seed.index - x) / width;
    // Fixed range: pixels whose distance stays above the seed's level, connected to its peak.
    const drop = Math.max(seed.height - level.get(seed.index)! - 1e-3, 0);
    const flags = 8 | cv.FLOODFILL_FIXED_RANGE | cv.FLOODFILL_MASK_ONLY | ((number + 1) << 8);
    cv.floodFill(distanceMat, filled, new cv.Point(x, y), new cv.Scalar(0), new cv.Rect(), new cv.Scalar(drop), new cv.Scalar(Number.MAX_VALUE), flags);
  });
  const markers = scope.track(new cv.Mat(height, width, cv.CV_32SC1, new cv.Scalar(0)));
  const numbers = markers.data32S;
  const fill = filled.data;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) numbers[y * width + x] = fill[(y + 1) * (width + 2) + x + 1]!;
  return markers;
}
