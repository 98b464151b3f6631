import { join } from "node:path";
import { collectCandidates, tilingOf, type ClassDetection } from "../../mllm/detection/index.ts";
import type { OnnxDetector } from "../../mllm/onnx-detector/index.ts";
import { loadImage } from "../../tools/image-io.ts";
import type { CountingSplit } from "./counting-split.ts";

/** Raw candidates (before NMS) of one image: the whole-image pass and each tiling, with their times. */
export interface ImageCandidates {
  readonly whole: readonly ClassDetection[];
  /** Tile-pass candidates by tile size in pixels. */
  readonly tiles: ReadonlyMap<number, readonly ClassDetection[]>;
  readonly wholeMs: number;
  readonly tilesMs: ReadonlyMap<number, number>;
}

/** Options for {@link collectSplitCandidates}. */
export interface CollectSplitCandidatesOptions {
  readonly detector: OnnxDetector;
  readonly split: CountingSplit;
  /** Tile sizes to run (each a separate set of tile passes). */
  readonly tileSizes: readonly number[];
  /** Lowest score collected: below every threshold a calibration will try. */
  readonly minScore: number;
  /** Called after each image. @defaultValue none */
  readonly onImage?: (done: number, total: number) => void;
}

/**
 * Runs the detector once per pass over every image of a split and keeps the raw candidates, so that NMS,
 * tiling and threshold choices can then be compared without running the model again.
 */
export async function collectSplitCandidates(options: CollectSplitCandidatesOptions): Promise<Map<string, ImageCandidates>> {
  const { detector, split, tileSizes, minScore, onImage } = options;
  const { session, layout } = await detector.model();
  const candidates = new Map<string, ImageCandidates>();
  for (const [index, file] of split.images.entries()) {
    const image = await loadImage(join(split.imagesDir, file));
    const run = { session, layout, image, minScore };
    let started = performance.now();
    const whole = await collectCandidates({ ...run, passes: "whole" });
    const wholeMs = performance.now() - started;
    const tiles = new Map<number, ClassDetection[]>();
    const tilesMs = new Map<number, number>();
    for (const size of tileSizes) {
      started = performance.now();
      tiles.set(size, await collectCandidates({ ...run, passes: tilingOf(size) }));
      tilesMs.set(size, performance.now() - started);
    }
    candidates.set(file, { whole, tiles, wholeMs, tilesMs });
    onImage?.(index + 1, split.images.length);
  }
  return candidates;
}
