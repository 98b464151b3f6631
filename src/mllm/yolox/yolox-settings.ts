import type { DetectAllClassesSettings } from "./detect-all-classes.ts";

/**
 * Defaults calibrated for counting on coco-tiny train2017 (see docs/BENCHMARKS.md, "Detector"). Zoomed
 * tiles (1.5×, 2×), flips and box fusion across passes were measured too and left out: on train they did
 * not beat this whole-image + 416-px-tile set, at 2–17× its cost.
 */
export const YOLOX_DEFAULT_SETTINGS: DetectAllClassesSettings = Object.freeze({
  inputSize: 416,
  candidateThreshold: 0.1,
  nmsIouThreshold: 0.45,
  containmentThreshold: 0.8,
  tiling: Object.freeze({
    tileSizePx: 416,
    overlapFraction: 0.25,
    minSideForTilingPx: 520,
    edgeMarginFraction: 0.02,
    maxTileBoxFraction: 0.5,
  }),
});
