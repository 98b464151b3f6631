import type { PixelBox, RgbImage } from "../rgb-image.ts";
import { estimateBackground } from "./background.ts";
import type { Rgb } from "./color-names.ts";

/** One foreground blob of a plain-background image. */
export interface Segment {
  /** Box of the object's outline, estimated to sub-pixel precision and rounded (x1/y1 exclusive). */
  readonly box: PixelBox;
  /** Coverage-weighted area in pixels: anti-aliased edge pixels count by how much of them is object. */
  readonly area: number;
  /** Mean colour of the interior (edge pixels, which blend with the background, are left out). */
  readonly meanColor: Rgb;
  /** Centres (x, y) of the pixels at least half covered, for shape analysis. */
  readonly solidPixels: ReadonlyArray<readonly [number, number]>;
}

/** Options for {@link segmentForeground}. */
export interface SegmentOptions {
  /**
   * Colour distance from the background above which a pixel is foreground. Low enough that the faint
   * anti-aliased rim joins its object, high enough to ignore compression noise.
   * @defaultValue 30
   */
  readonly foregroundDistance?: number;
  /**
   * Smallest blob kept, as a share of the image's pixels (specks and stray rim pixels are dropped); never
   * below 12 pixels.
   * @defaultValue 0.0001
   */
  readonly minAreaFraction?: number;
}

/**
 * Splits a plain-background image into its foreground objects: background colour from the border, a
 * mask of pixels that differ from it, and 8-connected components of that mask.
 */
export function segmentForeground(image: RgbImage, options: SegmentOptions = {}): { background: Rgb; segments: Segment[] } {
  const { foregroundDistance = 30, minAreaFraction = 0.0001 } = options;
  const { width, height, data } = image;
  const background = estimateBackground(image).color;
  const foreground = foregroundMask(image, background, foregroundDistance);
  const labels = new Int32Array(width * height).fill(-1);
  const minArea = Math.max(12, minAreaFraction * width * height);
  const segments: Segment[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < labels.length; start++) {
    if (labels[start] !== -1 || foreground[start] === 0) continue;
    const members: number[] = [];
    labels[start] = segments.length;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const index = stack[--top]!;
      members.push(index);
      const x = index % width;
      const y = (index - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const neighbour = ny * width + nx;
          if (labels[neighbour] === -1 && foreground[neighbour] === 1) {
            labels[neighbour] = segments.length;
            stack[top++] = neighbour;
          }
        }
      }
    }
    if (members.length < minArea) {
      for (const index of members) labels[index] = -2;
      continue;
    }
    segments.push(describeSegment(image, members, labels, segments.length, background));
  }
  return { background, segments };
}

/** Coverage below which a rim pixel is treated as noise when measuring the box. */
const MIN_EDGE_COVERAGE = 0.05;

/** 1 where a pixel's colour is farther than `threshold` from the background. */
function foregroundMask(image: RgbImage, background: Rgb, threshold: number): Uint8Array {
  const { data } = image;
  const mask = new Uint8Array(image.width * image.height);
  const limit = threshold * threshold;
  for (let index = 0, offset = 0; index < mask.length; index++, offset += 3) {
    const red = data[offset]! - background.red;
    const green = data[offset + 1]! - background.green;
    const blue = data[offset + 2]! - background.blue;
    mask[index] = red * red + green * green + blue * blue > limit ? 1 : 0;
  }
  return mask;
}

function describeSegment(image: RgbImage, members: readonly number[], labels: Int32Array, label: number, background: Rgb): Segment {
  const meanColor = interiorMean(image, members, labels, label);
  const direction = { red: meanColor.red - background.red, green: meanColor.green - background.green, blue: meanColor.blue - background.blue };
  const contrast = direction.red ** 2 + direction.green ** 2 + direction.blue ** 2;
  let area = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const solidPixels: Array<[number, number]> = [];
  for (const index of members) {
    const offset = index * 3;
    // How much of the pixel is object: its colour projected on the background → object colour line.
    const projection =
      ((image.data[offset]! - background.red) * direction.red + (image.data[offset + 1]! - background.green) * direction.green + (image.data[offset + 2]! - background.blue) * direction.blue) /
      Math.max(contrast, 1);
    const coverage = Math.min(1, Math.max(0, projection));
    area += coverage;
    if (coverage < MIN_EDGE_COVERAGE) continue;
    const x = index % image.width;
    const y = (index - x) / image.width;
    if (coverage >= 0.5) solidPixels.push([x, y]);
    // How far the outline reaches into a partly covered pixel: a corner that reaches d into it covers
    // about d², so d ≈ √coverage (a straight edge covers d, so this errs outwards by under half a pixel,
    // while tips and corners, which extend the box, are placed right).
    const reach = Math.sqrt(coverage);
    x0 = Math.min(x0, x + 1 - reach);
    y0 = Math.min(y0, y + 1 - reach);
    x1 = Math.max(x1, x + reach);
    y1 = Math.max(y1, y + reach);
  }
  if (solidPixels.length === 0) return { box: boxOfMembers(members, image.width), area, meanColor, solidPixels };
  return { box: { x0: Math.round(x0), y0: Math.round(y0), x1: Math.round(x1), y1: Math.round(y1) }, area, meanColor, solidPixels };
}

/** Mean colour of the members whose 8 neighbours all belong to the same blob (the rim is left out). */
function interiorMean(image: RgbImage, members: readonly number[], labels: Int32Array, label: number): Rgb {
  const { width, height, data } = image;
  const sums = [0, 0, 0];
  let count = 0;
  const add = (index: number): void => {
    sums[0]! += data[index * 3]!;
    sums[1]! += data[index * 3 + 1]!;
    sums[2]! += data[index * 3 + 2]!;
    count++;
  };
  for (const index of members) {
    const x = index % width;
    const y = (index - x) / width;
    if (x === 0 || y === 0 || x === width - 1 || y === height - 1) continue;
    let inside = true;
    for (let dy = -1; dy <= 1 && inside; dy++) for (let dx = -1; dx <= 1 && inside; dx++) inside = labels[index + dy * width + dx] === label;
    if (inside) add(index);
  }
  if (count === 0) for (const index of members) add(index);
  return { red: sums[0]! / count, green: sums[1]! / count, blue: sums[2]! / count };
}

function boxOfMembers(members: readonly number[], width: number): PixelBox {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const index of members) {
    const x = index % width;
    const y = (index - x) / width;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + 1);
    y1 = Math.max(y1, y + 1);
  }
  return { x0, y0, x1, y1 };
}
