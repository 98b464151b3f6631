import type { RgbImage } from "../rgb-image.ts";
import type { Rgb } from "./color-names.ts";

/** The background colour of an image and how uniform its border is. */
export interface BackgroundEstimate {
  /** Mean colour of the border pixels in the most common colour bin. */
  readonly color: Rgb;
  /** Share (0–1) of border pixels within {@link BACKGROUND_TOLERANCE} of `color`. */
  readonly borderShare: number;
}

/** Colour distance (Euclidean, 0–441) under which a pixel counts as background colour. */
export const BACKGROUND_TOLERANCE = 24;

/** Width in pixels of the frame sampled along the image border. */
const FRAME_PX = 2;

/**
 * Estimates the background as the dominant colour of the image border: synthetic scenes keep a margin
 * between objects and the border, so the border is (nearly) all background.
 */
export function estimateBackground(image: RgbImage): BackgroundEstimate {
  const offsets = borderOffsets(image);
  // 4 bits a channel: fine enough to separate light backgrounds from light objects, coarse enough to
  // absorb JPEG noise.
  const counts = new Map<number, number>();
  for (const offset of offsets) {
    const bin = binOf(image.data, offset);
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  let bestBin = 0;
  let bestCount = -1;
  for (const [bin, count] of counts) if (count > bestCount) [bestBin, bestCount] = [bin, count];
  let red = 0;
  let green = 0;
  let blue = 0;
  for (const offset of offsets) {
    if (binOf(image.data, offset) !== bestBin) continue;
    red += image.data[offset]!;
    green += image.data[offset + 1]!;
    blue += image.data[offset + 2]!;
  }
  const color = { red: red / bestCount, green: green / bestCount, blue: blue / bestCount };
  let near = 0;
  for (const offset of offsets) if (colorDistance(image.data, offset, color) <= BACKGROUND_TOLERANCE) near++;
  return { color, borderShare: offsets.length === 0 ? 0 : near / offsets.length };
}

/** Euclidean RGB distance between the pixel at byte `offset` and `color`. */
export function colorDistance(data: Uint8Array, offset: number, color: Rgb): number {
  const red = data[offset]! - color.red;
  const green = data[offset + 1]! - color.green;
  const blue = data[offset + 2]! - color.blue;
  return Math.sqrt(red * red + green * green + blue * blue);
}

function binOf(data: Uint8Array, offset: number): number {
  return ((data[offset]! >> 4) << 8) | ((data[offset + 1]! >> 4) << 4) | (data[offset + 2]! >> 4);
}

function borderOffsets(image: RgbImage): number[] {
  const { width, height } = image;
  const frame = Math.min(FRAME_PX, Math.floor(width / 2), Math.floor(height / 2));
  const offsets: number[] = [];
  for (let y = 0; y < height; y++) {
    const onBand = y < frame || y >= height - frame;
    for (let x = 0; x < width; x++) {
      if (onBand || x < frame || x >= width - frame) offsets.push((y * width + x) * 3);
      else if (x === frame) x = width - frame - 1;
    }
  }
  return offsets;
}
