import type { PixelBox } from "../rgb-image.ts";

/** Options for {@link planTiles}. */
export interface TilePlanOptions {
  readonly width: number;
  readonly height: number;
  /**
   * Side of a tile in image pixels (each tile is then resized to the model input).
   * @defaultValue chosen by the detector (about the model's input size)
   */
  readonly tileSizePx: number;
  /** Fraction of a tile shared with its neighbour, in [0, 0.9]. */
  readonly overlapFraction: number;
  /** Tile only when the longer image side is at least this many pixels. */
  readonly minSideForTilingPx: number;
}

/**
 * The regions to run the detector on: the whole image first, then (for images large enough) a grid of
 * overlapping tiles covering it, each at most `tileSizePx` square, evenly spread so the last tile ends at
 * the image border.
 */
export function planTiles(options: TilePlanOptions): PixelBox[] {
  const { width, height, tileSizePx, overlapFraction, minSideForTilingPx } = options;
  const whole: PixelBox = { x0: 0, y0: 0, x1: width, y1: height };
  if (Math.max(width, height) < minSideForTilingPx) return [whole];
  const xs = tileStarts(width, tileSizePx, overlapFraction);
  const ys = tileStarts(height, tileSizePx, overlapFraction);
  if (xs.length === 1 && ys.length === 1) return [whole];
  const tiles: PixelBox[] = [whole];
  for (const y0 of ys) {
    for (const x0 of xs) tiles.push({ x0, y0, x1: Math.min(width, x0 + tileSizePx), y1: Math.min(height, y0 + tileSizePx) });
  }
  return tiles;
}

function tileStarts(side: number, tileSizePx: number, overlapFraction: number): number[] {
  if (side <= tileSizePx) return [0];
  const step = tileSizePx * (1 - overlapFraction);
  const count = Math.ceil((side - tileSizePx) / step) + 1;
  const spacing = (side - tileSizePx) / (count - 1);
  return Array.from({ length: count }, (_, index) => Math.round(index * spacing));
}
