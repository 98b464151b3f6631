import type { PixelBox, RgbImage } from "../rgb-image.ts";
import { COLOR_NAMES, nameColor as defaultNameColor, type ColorName, type Rgb } from "../pixels/color-names.ts";

/** Names one RGB colour with a basic colour word (the pixel back-end's `nameColor` by default). */
export type ColorNamer = (color: Rgb) => ColorName;

/** Options for {@link objectColorShares}. */
export interface ObjectColorOptions {
  /** The photo the object is in. */
  image: RgbImage;
  /** The object's box in `image` pixels. */
  box: PixelBox;
  /** Colour → colour word. @defaultValue nameColor of the pixel back-end */
  nameColor?: ColorNamer;
  /**
   * How much of the background's colour histogram is removed from the box's before voting (1 removes as
   * much of each colour as the background has).
   * @defaultValue 1.5
   */
  backgroundRemoval?: number;
}

const BINS_PER_CHANNEL = 8;
const BIN_SHIFT = 5; // 256 / 8 levels a channel
const SAMPLE_SIDE = 64;

/**
 * Shares (summing to 1) of each colour word among an object's own pixels. The background is estimated from
 * a ring around the box (or the box's border band when the box fills the image), its colour histogram is
 * subtracted from the box's centre-weighted histogram, and what remains votes by colour name.
 */
export function objectColorShares(options: ObjectColorOptions): Record<ColorName, number> {
  const { image, box, nameColor = defaultNameColor, backgroundRemoval = 1.5 } = options;
  const inside = histogram(image, box, (u, v) => centreWeight(u, v));
  const ring = ringAround(image, box);
  const background = ring
    ? histogram(image, ring.outer, (_u, _v, x, y) => (isInside(x, y, box) ? 0 : 1))
    : histogram(image, box, (u, v) => (Math.min(u, v, 1 - u, 1 - v) < 0.1 ? 1 : 0));
  const insideTotal = sum(inside.weights) || 1;
  const backgroundTotal = sum(background.weights) || 1;
  const shares = Object.fromEntries(COLOR_NAMES.map((name) => [name, 0])) as Record<ColorName, number>;
  let kept = 0;
  for (let bin = 0; bin < inside.weights.length; bin++) {
    const weight = inside.weights[bin]! / insideTotal - (backgroundRemoval * background.weights[bin]!) / backgroundTotal;
    if (weight <= 0) continue;
    shares[nameColor(inside.meanColor(bin))] += weight;
    kept += weight;
  }
  // Object and background share every colour (a grey car on a grey road): fall back to the centre.
  if (kept === 0) {
    for (let bin = 0; bin < inside.weights.length; bin++) {
      if (inside.weights[bin]! > 0) shares[nameColor(inside.meanColor(bin))] += inside.weights[bin]!;
    }
    kept = insideTotal;
  }
  for (const name of COLOR_NAMES) shares[name] /= kept;
  return shares;
}

/** The colour word with the largest share among an object's own pixels. */
export function dominantObjectColor(options: ObjectColorOptions): ColorName {
  const shares = objectColorShares(options);
  return COLOR_NAMES.reduce((best, name) => (shares[name] > shares[best] ? name : best));
}

// Most of an object's own pixels are near the box centre; the corners are mostly background.
function centreWeight(u: number, v: number): number {
  const dx = (u - 0.5) / 0.3;
  const dy = (v - 0.5) / 0.3;
  return Math.exp(-(dx * dx + dy * dy) / 2);
}

function ringAround(image: RgbImage, box: PixelBox): { outer: PixelBox } | undefined {
  const marginX = Math.max(4, 0.2 * (box.x1 - box.x0));
  const marginY = Math.max(4, 0.2 * (box.y1 - box.y0));
  const outer = {
    x0: Math.max(0, box.x0 - marginX),
    y0: Math.max(0, box.y0 - marginY),
    x1: Math.min(image.width, box.x1 + marginX),
    y1: Math.min(image.height, box.y1 + marginY),
  };
  const ringArea = (outer.x1 - outer.x0) * (outer.y1 - outer.y0) - (box.x1 - box.x0) * (box.y1 - box.y0);
  return ringArea >= 0.15 * (box.x1 - box.x0) * (box.y1 - box.y0) ? { outer } : undefined;
}

function isInside(x: number, y: number, box: PixelBox): boolean {
  return x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1;
}

// Colour histogram of a region sampled on a grid of at most SAMPLE_SIDE² points, with the mean colour of
// each bin (so a bin is named by its actual pixels, not its corner).
function histogram(image: RgbImage, region: PixelBox, weightOf: (u: number, v: number, x: number, y: number) => number) {
  const binCount = BINS_PER_CHANNEL ** 3;
  const weights = new Float64Array(binCount);
  const sums = new Float64Array(binCount * 3);
  const x0 = Math.max(0, Math.floor(region.x0));
  const y0 = Math.max(0, Math.floor(region.y0));
  const x1 = Math.min(image.width, Math.ceil(region.x1));
  const y1 = Math.min(image.height, Math.ceil(region.y1));
  const stepX = Math.max(1, (x1 - x0) / SAMPLE_SIDE);
  const stepY = Math.max(1, (y1 - y0) / SAMPLE_SIDE);
  for (let fy = y0 + stepY / 2; fy < y1; fy += stepY) {
    for (let fx = x0 + stepX / 2; fx < x1; fx += stepX) {
      const x = Math.floor(fx);
      const y = Math.floor(fy);
      const weight = weightOf((fx - x0) / (x1 - x0), (fy - y0) / (y1 - y0), x, y);
      if (weight <= 0) continue;
      const offset = (y * image.width + x) * 3;
      const red = image.data[offset]!;
      const green = image.data[offset + 1]!;
      const blue = image.data[offset + 2]!;
      const bin = ((red >> BIN_SHIFT) * BINS_PER_CHANNEL + (green >> BIN_SHIFT)) * BINS_PER_CHANNEL + (blue >> BIN_SHIFT);
      weights[bin] = weights[bin]! + weight;
      sums[bin * 3] = sums[bin * 3]! + red * weight;
      sums[bin * 3 + 1] = sums[bin * 3 + 1]! + green * weight;
      sums[bin * 3 + 2] = sums[bin * 3 + 2]! + blue * weight;
    }
  }
  const meanColor = (bin: number): Rgb => {
    const weight = weights[bin]!;
    return { red: sums[bin * 3]! / weight, green: sums[bin * 3 + 1]! / weight, blue: sums[bin * 3 + 2]! / weight };
  };
  return { weights, meanColor };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Options for {@link hasObjectColor}. */
export interface HasObjectColorOptions extends ObjectColorOptions {
  color: ColorName;
  /**
   * The colour must have at least this share of the object's pixels relative to its dominant colour.
   * @defaultValue 0.5
   */
  minRelativeShare?: number;
}

/** Whether an object shows a colour prominently (its dominant colour, or nearly as common). */
export function hasObjectColor(options: HasObjectColorOptions): boolean {
  const { color, minRelativeShare = 0.5 } = options;
  const shares = objectColorShares(options);
  const dominant = Math.max(...Object.values(shares));
  return dominant > 0 && shares[color] / dominant >= minRelativeShare;
}
