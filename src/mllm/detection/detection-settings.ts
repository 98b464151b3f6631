/** How tiled detection is done: overlapping tiles, each resized to the model input (a zoom for small objects). */
export interface TilingSettings {
  /** Side of a tile in image pixels. */
  readonly tileSizePx: number;
  /** Fraction of a tile shared with its neighbour, in [0, 0.9]. */
  readonly overlapFraction: number;
  /** Tile only when the longer image side is at least this many pixels. */
  readonly minSideForTilingPx: number;
  /** A tile box closer than this fraction of the tile side to an inner tile edge is cut off; dropped. */
  readonly edgeMarginFraction: number;
  /** A tile box larger than this fraction of the tile's area is left to the whole-image pass. */
  readonly maxTileBoxFraction: number;
}

/**
 * Everything that turns a detector's raw output into the boxes `find()` returns, chosen per model by
 * calibration on coco-tiny train2017 (docs/BENCHMARKS.md, "Detectors").
 */
export interface DetectionSettings {
  /** A detection counts when its score is at least this. */
  readonly scoreThreshold: number;
  /** Candidates scoring below this are dropped before NMS; lower than `scoreThreshold` so near misses are known. */
  readonly candidateThreshold: number;
  /** Two boxes of one class overlapping more than this IoU are one object (the better one is kept). */
  readonly nmsIouThreshold: number;
  /**
   * Gaussian Soft-NMS instead of greedy NMS: a box overlapping a better one of its class by IoU u keeps
   * exp(−u²/σ) of its score rather than being dropped (boxes over `nmsIouThreshold` are still dropped), so
   * objects side by side keep their boxes while near-duplicates fall below the threshold.
   * @defaultValue undefined (greedy NMS)
   */
  readonly softNmsSigma?: number;
  /** Drop a box when this fraction of it lies inside a kept box of the same class; 1 turns it off. */
  readonly containmentThreshold: number;
  /** Tiles after the whole-image pass, or false for one whole-image pass. */
  readonly tiling: TilingSettings | false;
}

/** Tiles of `tileSizePx` with the overlap and edge rules calibrated for YOLOX-Nano (docs/BENCHMARKS.md). */
export function tilingOf(tileSizePx: number): TilingSettings {
  return Object.freeze({
    tileSizePx,
    overlapFraction: 0.25,
    minSideForTilingPx: Math.round(tileSizePx * 1.25),
    edgeMarginFraction: 0.02,
    maxTileBoxFraction: 0.5,
  });
}
