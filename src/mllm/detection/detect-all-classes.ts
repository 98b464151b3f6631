import { boxArea, nonMaximumSuppression, softNonMaximumSuppression } from "../box-geometry.ts";
import type { OnnxSession } from "../onnx/index.ts";
import type { PixelBox, RgbImage } from "../rgb-image.ts";
import type { DetectionSettings, TilingSettings } from "./detection-settings.ts";
import type { ClassCandidate, DetectorLayout } from "./detector-layout.ts";
import { planTiles } from "./tile-plan.ts";

/**
 * Most candidates one pass keeps (the best-scored): bounds NMS, which is quadratic, for a model that scores
 * everything high (Ultralytics bounds its NMS input the same way).
 */
export const MAX_CANDIDATES_PER_PASS = 3000;

/** A detection of any class, in pixels of the image passed in. */
export interface ClassDetection extends ClassCandidate {
  /** Found by the whole-image pass or by a tile. */
  readonly pass: "whole" | "tile";
}

/** What one detection run needs: the model, its layout and the image. */
export interface DetectionRun {
  readonly session: OnnxSession;
  readonly layout: DetectorLayout;
  readonly image: RgbImage;
}

/** Options for {@link detectAllClasses}. */
export interface DetectAllClassesOptions extends DetectionRun {
  /** Candidate threshold, NMS and tiling (the final score threshold is the caller's). */
  readonly settings: Pick<DetectionSettings, "candidateThreshold" | "nmsIouThreshold" | "softNmsSigma" | "containmentThreshold" | "tiling">;
}

/**
 * Runs a detector over the whole image and, for large images, over overlapping tiles (small objects get
 * more input pixels), then merges everything by class-aware NMS. Returns every class above the candidate
 * threshold, best first; callers filter by class and final score.
 */
export async function detectAllClasses(options: DetectAllClassesOptions): Promise<ClassDetection[]> {
  const { settings } = options;
  const whole = await collectCandidates({ ...options, passes: "whole", minScore: settings.candidateThreshold });
  const tiles = settings.tiling ? await collectCandidates({ ...options, passes: settings.tiling, minScore: settings.candidateThreshold }) : [];
  return mergeCandidates([...whole, ...tiles], settings);
}

/**
 * The candidates of the whole-image pass (`passes: "whole"`) or of the tile passes of one tiling (tile
 * boxes cut by an inner tile edge, or too big for their tile, are dropped), before any NMS.
 */
export async function collectCandidates(options: DetectionRun & { passes: "whole" | TilingSettings; minScore: number }): Promise<ClassDetection[]> {
  const { session, layout, image, passes, minScore } = options;
  const regions = passes === "whole" ? [{ x0: 0, y0: 0, x1: image.width, y1: image.height }] : planTiles({ width: image.width, height: image.height, ...passes }).slice(1);
  const pass = passes === "whole" ? "whole" : "tile";
  const found: ClassDetection[] = [];
  for (const region of regions) {
    const candidates = await layout.detectRegion(session, image, region, minScore);
    const best = candidates.length > MAX_CANDIDATES_PER_PASS ? candidates.sort((a, b) => b.score - a.score).slice(0, MAX_CANDIDATES_PER_PASS) : candidates;
    for (const candidate of best) {
      if (passes !== "whole" && !keepTileBox(candidate.box, region, image, passes)) continue;
      if (boxArea(candidate.box) > 0) found.push({ ...candidate, pass });
    }
  }
  return found;
}

/** The settings that merge candidates: NMS (greedy or soft), containment suppression, and what to keep. */
export type MergeSettings = Pick<DetectionSettings, "nmsIouThreshold" | "softNmsSigma" | "containmentThreshold"> & { readonly candidateThreshold?: number };

/**
 * Class-aware NMS over candidates of any passes (greedy, or Gaussian Soft-NMS when `softNmsSigma` is set,
 * dropping boxes decayed below `candidateThreshold`), then containment suppression; best first.
 */
export function mergeCandidates(candidates: readonly ClassDetection[], settings: MergeSettings): ClassDetection[] {
  const { nmsIouThreshold, softNmsSigma, containmentThreshold, candidateThreshold = 0 } = settings;
  const grouped = candidates.map((detection) => ({ ...detection, group: detection.classIndex }));
  const suppressed =
    softNmsSigma === undefined
      ? nonMaximumSuppression(grouped, { iouThreshold: nmsIouThreshold, containmentThreshold })
      : nonMaximumSuppression(softNonMaximumSuppression(grouped, { sigma: softNmsSigma, iouThreshold: nmsIouThreshold, minScore: candidateThreshold }), {
          iouThreshold: 1,
          containmentThreshold,
        });
  return suppressed.map(({ group: _group, ...detection }) => detection);
}

// A box touching an inner tile edge is probably a cut-off part of a larger object that another pass sees
// whole; a box filling most of a tile is a large object the whole-image pass sees better.
function keepTileBox(box: PixelBox, tile: PixelBox, image: RgbImage, tiling: TilingSettings): boolean {
  const margin = tiling.edgeMarginFraction * Math.max(tile.x1 - tile.x0, tile.y1 - tile.y0);
  if (tile.x0 > 0 && box.x0 < tile.x0 + margin) return false;
  if (tile.y0 > 0 && box.y0 < tile.y0 + margin) return false;
  if (tile.x1 < image.width && box.x1 > tile.x1 - margin) return false;
  if (tile.y1 < image.height && box.y1 > tile.y1 - margin) return false;
  return boxArea(box) <= tiling.maxTileBoxFraction * boxArea(tile);
}
