import type { RgbImage } from "../rgb-image.ts";
import type { Rgb } from "./color-names.ts";
import { type ColorRegionOptions, colorRegions } from "./color-regions.ts";
import type { OpenCv } from "./opencv/load-opencv.ts";
import type { MatScope } from "./opencv/mat-scope.ts";
import { splitTouching, type SplitTouchingOptions } from "./split-touching.ts";

/** The objects of one blob: per pixel of the blob's crop, the object (1 to count) or 0. */
export interface ComponentObjects {
  readonly labels: Int32Array;
  readonly count: number;
}

/**
 * Splits one blob of touching or overlapping objects (in a crop around it) into the objects: by colour
 * first, then each one-colour region at its narrow necks. A region much thinner than every region it
 * touches (under `split.minWidthShare` of the thickest) is a sliver of an object hidden behind them, such
 * as the leaf of a covered apple, and is left out.
 */
export function splitComponent(options: { cv: OpenCv; scope: MatScope; image: RgbImage; foreground: Uint8Array; background: Rgb; colors?: ColorRegionOptions; split?: SplitTouchingOptions }): ComponentObjects {
  const { cv, scope, image, foreground, background } = options;
  const { width, height } = image;
  const regions = colorRegions({ cv, scope, image, foreground, background, ...options.colors });
  if (regions.count <= 1) {
    // One colour (most blobs): the region is the blob, and no neighbour can make it a sliver.
    const split = splitTouching({ cv, scope, mask: foreground, width, height, ...options.split });
    return { labels: split.parts, count: split.count };
  }
  const boxes = regionBoxes(regions.labels, regions.count, width);
  const splits = boxes.map((box, region) => {
    if (region === 0 || box.pixels === 0) return undefined;
    const mask = cropMask(regions.labels, region, box, width);
    return splitTouching({ cv, scope, mask, width: box.x1 - box.x0 + 2, height: box.y1 - box.y0 + 2, ...options.split });
  });
  const thickest = thickestNeighbour(regions.labels, splits.map((split) => split?.thicknessPx ?? 0), width, height);
  const minWidthShare = options.split?.minWidthShare ?? 0.25;
  const labels = new Int32Array(width * height);
  let count = 0;
  splits.forEach((split, region) => {
    if (split === undefined || split.thicknessPx < minWidthShare * thickest[region]!) return;
    const box = boxes[region]!;
    const maskWidth = box.x1 - box.x0 + 2;
    for (let index = 0; index < split.parts.length; index++) {
      const part = split.parts[index]!;
      if (part === 0) continue;
      const x = index % maskWidth;
      labels[(box.y0 - 1 + (index - x) / maskWidth) * width + box.x0 - 1 + x] = count + part;
    }
    count += split.count;
  });
  return { labels, count };
}

/** Box (x1/y1 exclusive) and pixel count of each label. */
function regionBoxes(labels: Int32Array, count: number, width: number): Array<{ x0: number; y0: number; x1: number; y1: number; pixels: number }> {
  const boxes = Array.from({ length: count + 1 }, () => ({ x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity, pixels: 0 }));
  for (let index = 0; index < labels.length; index++) {
    const label = labels[index]!;
    if (label === 0) continue;
    const x = index % width;
    const y = (index - x) / width;
    const box = boxes[label]!;
    box.x0 = Math.min(box.x0, x);
    box.y0 = Math.min(box.y0, y);
    box.x1 = Math.max(box.x1, x + 1);
    box.y1 = Math.max(box.y1, y + 1);
    box.pixels++;
  }
  return boxes;
}

/**
 * 255 where the label is `region`, inside its box grown by a pixel on every side: the distance transform
 * needs background around the region to measure it.
 */
function cropMask(labels: Int32Array, region: number, box: { x0: number; y0: number; x1: number; y1: number }, width: number): Uint8Array {
  const maskWidth = box.x1 - box.x0 + 2;
  const mask = new Uint8Array(maskWidth * (box.y1 - box.y0 + 2));
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) if (labels[y * width + x] === region) mask[(y - box.y0 + 1) * maskWidth + x - box.x0 + 1] = 255;
  }
  return mask;
}

/** For each label, the largest thickness among the labels it touches (4-neighbours); 0 when alone. */
function thickestNeighbour(labels: Int32Array, thickness: readonly number[], width: number, height: number): Float64Array {
  const thickest = new Float64Array(thickness.length);
  const touch = (label: number, other: number): void => {
    if (other === 0 || other === label) return;
    thickest[label] = Math.max(thickest[label]!, thickness[other]!);
    thickest[other] = Math.max(thickest[other]!, thickness[label]!);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const label = labels[y * width + x]!;
      if (label === 0) continue;
      if (x + 1 < width) touch(label, labels[y * width + x + 1]!);
      if (y + 1 < height) touch(label, labels[(y + 1) * width + x]!);
    }
  }
  return thickest;
}
