import { cropRgb, type PixelBox, type RgbImage } from "../rgb-image.ts";
import { estimateBackground } from "./background.ts";
import type { Rgb } from "./color-names.ts";
import type { ColorRegionOptions } from "./color-regions.ts";
import { loadOpenCv, type OpenCv } from "./opencv/load-opencv.ts";
import { type MatScope, withMats } from "./opencv/mat-scope.ts";
import { splitComponent } from "./split-component.ts";
import type { SplitTouchingOptions } from "./split-touching.ts";

/** The pixels of a segment at least half covered by it, as a mask over their box. */
export interface SolidMask {
  /** Left column of the mask in the image. */
  readonly x0: number;
  /** Top row of the mask in the image. */
  readonly y0: number;
  readonly width: number;
  readonly height: number;
  /** `width * height` values, row-major: 255 where the pixel is solid, else 0. */
  readonly data: Uint8Array;
  /** Number of solid pixels. */
  readonly count: number;
}

/** One foreground object of a plain-background image. */
export interface Segment {
  /** Box of the object's outline, estimated to sub-pixel precision and rounded (x1/y1 exclusive). */
  readonly box: PixelBox;
  /** Coverage-weighted area in pixels: anti-aliased edge pixels count by how much of them is object. */
  readonly area: number;
  /** Mean colour of the interior (edge pixels, which blend with the background, are left out). */
  readonly meanColor: Rgb;
  /** The pixels at least half covered, for shape analysis. */
  readonly solid: SolidMask;
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
   * Smallest object kept, as a share of the image's pixels (specks and stray rim pixels are dropped); never
   * below 12 pixels.
   * @defaultValue 0.0001
   */
  readonly minAreaFraction?: number;
  /** How the foreground is split by colour. */
  readonly colors?: ColorRegionOptions;
  /** How a one-colour region is cut into the objects that touch in it. */
  readonly split?: SplitTouchingOptions;
}

/**
 * Splits a plain-background image into its objects, also where they touch or overlap: background colour
 * from the border and a mask of the pixels that differ from it; the mask split by colour (OpenCV
 * watershed from uniform interiors); each one-colour region cut at narrow necks (distance transform and
 * watershed). Thin slivers wedged between other objects (the visible leaf of a covered apple) are parts
 * of hidden objects, not objects, and are left out.
 * @throws ViperError `MODEL_LOAD` when OpenCV.js cannot be loaded.
 */
export async function segmentForeground(image: RgbImage, options: SegmentOptions = {}): Promise<{ background: Rgb; segments: Segment[] }> {
  const cv = await loadOpenCv();
  return withMats((scope) => segmentImage({ cv, scope, image, options }));
}

/** {@link segmentForeground} with OpenCV loaded and a scope that frees its Mats. */
export function segmentImage(input: { cv: OpenCv; scope: MatScope; image: RgbImage; options?: SegmentOptions }): { background: Rgb; segments: Segment[] } {
  const { cv, scope, image, options = {} } = input;
  const { foregroundDistance = 30, minAreaFraction = 0.0001 } = options;
  const { width, height } = image;
  const background = estimateBackground(image).color;
  const foreground = foregroundMask(image, background, foregroundDistance);
  const minArea = Math.max(12, minAreaFraction * width * height);
  const segments: Segment[] = [];
  // Each connected blob is split and measured on its own, in a crop around it: most blobs are one
  // object, and the work stays proportional to the objects, not to the image.
  for (const { box, mask } of foregroundBlobs({ cv, scope, foreground, width, height, minArea })) {
    const crop = cropRgb(image, box);
    const parts = splitComponent({ cv, scope, image: crop, foreground: mask, background, colors: options.colors, split: options.split });
    const members = membersOf(parts.labels, parts.count);
    for (let part = 1; part <= parts.count; part++) {
      if (members[part]!.length >= minArea) segments.push(describeSegment({ image: crop, members: members[part]!, labels: parts.labels, label: part, background, offset: box }));
    }
  }
  return { background, segments };
}

/**
 * The 8-connected blobs of the foreground (OpenCV connected components) of at least `minArea` pixels,
 * each as its box grown by a pixel (clamped to the image) and a mask of its own pixels in that box.
 */
function foregroundBlobs(options: { cv: OpenCv; scope: MatScope; foreground: Uint8Array; width: number; height: number; minArea: number }): Array<{ box: PixelBox; mask: Uint8Array }> {
  const { cv, scope, foreground, width, height, minArea } = options;
  const mask = scope.track(new cv.Mat(height, width, cv.CV_8UC1));
  mask.data.set(foreground);
  const labelsMat = scope.track(new cv.Mat());
  const statsMat = scope.track(new cv.Mat());
  const count = cv.connectedComponentsWithStats(mask, labelsMat, statsMat, scope.track(new cv.Mat()), 8, cv.CV_32S);
  const labels = labelsMat.data32S;
  const stats = statsMat.data32S;
  const [left, top, boxWidth, boxHeight, area] = [cv.CC_STAT_LEFT, cv.CC_STAT_TOP, cv.CC_STAT_WIDTH, cv.CC_STAT_HEIGHT, cv.CC_STAT_AREA];
  const blobs: Array<{ box: PixelBox; mask: Uint8Array }> = [];
  for (let blob = 1; blob < count; blob++) {
    if (stats[blob * 5 + area]! < minArea) continue;
    const x0 = Math.max(stats[blob * 5 + left]! - 1, 0);
    const y0 = Math.max(stats[blob * 5 + top]! - 1, 0);
    const x1 = Math.min(stats[blob * 5 + left]! + stats[blob * 5 + boxWidth]! + 1, width);
    const y1 = Math.min(stats[blob * 5 + top]! + stats[blob * 5 + boxHeight]! + 1, height);
    const crop = new Uint8Array((x1 - x0) * (y1 - y0));
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (labels[y * width + x] === blob) crop[(y - y0) * (x1 - x0) + x - x0] = 255;
    blobs.push({ box: { x0, y0, x1, y1 }, mask: crop });
  }
  return blobs;
}

/** The pixel indices of each object (index 0: background, unused). */
function membersOf(objects: Int32Array, count: number): Int32Array[] {
  const sizes = new Int32Array(count + 1);
  for (const object of objects) sizes[object]!++;
  const members = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(count + 1);
  for (let index = 0; index < objects.length; index++) {
    const object = objects[index]!;
    if (object !== 0) members[object]![filled[object]!++] = index;
  }
  return members;
}

/** Coverage below which a rim pixel is treated as noise when measuring the box. */
const MIN_EDGE_COVERAGE = 0.05;

/** 255 where a pixel's colour is farther than `threshold` from the background, else 0. */
function foregroundMask(image: RgbImage, background: Rgb, threshold: number): Uint8Array {
  const { data } = image;
  const mask = new Uint8Array(image.width * image.height);
  const limit = threshold * threshold;
  for (let index = 0, offset = 0; index < mask.length; index++, offset += 3) {
    const red = data[offset]! - background.red;
    const green = data[offset + 1]! - background.green;
    const blue = data[offset + 2]! - background.blue;
    mask[index] = red * red + green * green + blue * blue > limit ? 255 : 0;
  }
  return mask;
}

/**
 * Measures one object from its pixels in a crop (`members`, `labels` index the crop); `offset` is the
 * crop's top-left corner in the image, where the result's box and solid mask are placed.
 */
function describeSegment(input: { image: RgbImage; members: Int32Array; labels: Int32Array; label: number; background: Rgb; offset: { x0: number; y0: number } }): Segment {
  const { image, members, labels, label, background, offset } = input;
  const meanColor = interiorMean(image, members, labels, label);
  const direction = { red: meanColor.red - background.red, green: meanColor.green - background.green, blue: meanColor.blue - background.blue };
  const contrast = direction.red ** 2 + direction.green ** 2 + direction.blue ** 2;
  let area = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const solidPixels: number[] = [];
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
    if (coverage >= 0.5) solidPixels.push(index);
    // How far the outline reaches into a partly covered pixel: a corner that reaches d into it covers
    // about d², so d ≈ √coverage (a straight edge covers d, so this errs outwards by under half a pixel,
    // while tips and corners, which extend the box, are placed right).
    const reach = Math.sqrt(coverage);
    x0 = Math.min(x0, x + 1 - reach);
    y0 = Math.min(y0, y + 1 - reach);
    x1 = Math.max(x1, x + reach);
    y1 = Math.max(y1, y + reach);
  }
  const solid = solidMask(solidPixels, image.width, offset);
  const box = solidPixels.length === 0 ? boxOfMembers(members, image.width) : { x0: Math.round(x0), y0: Math.round(y0), x1: Math.round(x1), y1: Math.round(y1) };
  return { box: { x0: box.x0 + offset.x0, y0: box.y0 + offset.y0, x1: box.x1 + offset.x0, y1: box.y1 + offset.y0 }, area, meanColor, solid };
}

function solidMask(pixels: readonly number[], imageWidth: number, offset: { x0: number; y0: number }): SolidMask {
  if (pixels.length === 0) return { x0: offset.x0, y0: offset.y0, width: 0, height: 0, data: new Uint8Array(0), count: 0 };
  const box = boxOfMembers(pixels, imageWidth);
  const width = box.x1 - box.x0;
  const height = box.y1 - box.y0;
  const data = new Uint8Array(width * height);
  for (const index of pixels) {
    const x = index % imageWidth;
    data[((index - x) / imageWidth - box.y0) * width + x - box.x0] = 255;
  }
  return { x0: box.x0 + offset.x0, y0: box.y0 + offset.y0, width, height, data, count: pixels.length };
}

/** Mean colour of the members whose 8 neighbours all belong to the same blob (the rim is left out). */
function interiorMean(image: RgbImage, members: Int32Array, labels: Int32Array, label: number): Rgb {
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

function boxOfMembers(members: ArrayLike<number>, width: number): PixelBox {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let position = 0; position < members.length; position++) {
    const index = members[position]!;
    const x = index % width;
    const y = (index - x) / width;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + 1);
    y1 = Math.max(y1, y + 1);
  }
  return { x0, y0, x1, y1 };
}
