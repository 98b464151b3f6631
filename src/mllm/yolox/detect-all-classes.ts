import { ViperError } from "../../errors/index.ts";
import { boxArea, nonMaximumSuppression } from "../box-geometry.ts";
import type { OnnxSession } from "../onnx/index.ts";
import type { PixelBox, RgbImage } from "../rgb-image.ts";
import { decodeYoloxOutput } from "./decode-output.ts";
import { letterbox } from "./letterbox.ts";
import { planTiles } from "./tile-plan.ts";

/** A detection of any COCO class, in pixels of the image passed in. */
export interface ClassDetection {
  readonly box: PixelBox;
  readonly score: number;
  readonly classIndex: number;
  /** Found by the whole-image pass or by a tile. */
  readonly pass: "whole" | "tile";
}

/** How tiled detection is done (see the detector options for the meaning and defaults). */
export interface TilingSettings {
  readonly tileSizePx: number;
  readonly overlapFraction: number;
  readonly minSideForTilingPx: number;
  /** A tile box closer than this fraction of the tile side to an inner tile edge is cut off; dropped. */
  readonly edgeMarginFraction: number;
  /** A tile box larger than this fraction of the tile's area is left to the whole-image pass. */
  readonly maxTileBoxFraction: number;
}

/** Settings of one all-class detection run. */
export interface DetectAllClassesSettings {
  readonly inputSize: number;
  readonly candidateThreshold: number;
  readonly nmsIouThreshold: number;
  /** Drop a box when this fraction of it lies inside a kept box of the same class. */
  readonly containmentThreshold: number;
  /** Tiling, or false for a single whole-image pass. */
  readonly tiling: TilingSettings | false;
}

/**
 * Runs YOLOX over the whole image and, for large images, over overlapping tiles (small objects get more
 * input pixels), then merges everything by class-aware NMS. Returns every class above the candidate
 * threshold, best first; callers filter by class and final score.
 */
export async function detectAllClasses(session: OnnxSession, image: RgbImage, settings: DetectAllClassesSettings): Promise<ClassDetection[]> {
  const { inputSize, candidateThreshold, tiling } = settings;
  const regions = tiling
    ? planTiles({ width: image.width, height: image.height, ...tiling })
    : [{ x0: 0, y0: 0, x1: image.width, y1: image.height }];
  const found: ClassDetection[] = [];
  for (const [index, region] of regions.entries()) {
    const input = letterbox(image, region, inputSize);
    const outputs = await session.run({ images: { data: input.tensor, dims: [1, 3, inputSize, inputSize] } });
    const output = outputs.output ?? Object.values(outputs)[0];
    if (!output) {
      throw new ViperError({ code: "MODEL_LOAD", message: 'The YOLOX model returned no float32 output tensor; it is not the YOLOX-Nano export viper uses: check it with "viper models verify yolox-nano".' });
    }
    const pass = index === 0 ? "whole" : "tile";
    for (const candidate of decodeYoloxOutput(output.data, { inputSize, scoreThreshold: candidateThreshold })) {
      const box = toImage(candidate.box, input.scale, region, image);
      if (pass === "tile" && tiling && !keepTileBox(box, region, image, tiling)) continue;
      if (boxArea(box) > 0) found.push({ box, score: candidate.score, classIndex: candidate.classIndex, pass });
    }
  }
  return nonMaximumSuppression(
    found.map((detection) => ({ ...detection, group: detection.classIndex })),
    { iouThreshold: settings.nmsIouThreshold, containmentThreshold: settings.containmentThreshold },
  ).map(({ group: _group, ...detection }) => detection);
}

function toImage(box: PixelBox, scale: number, region: PixelBox, image: RgbImage): PixelBox {
  return {
    x0: clamp(box.x0 / scale + region.x0, 0, image.width),
    y0: clamp(box.y0 / scale + region.y0, 0, image.height),
    x1: clamp(box.x1 / scale + region.x0, 0, image.width),
    y1: clamp(box.y1 / scale + region.y0, 0, image.height),
  };
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

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
