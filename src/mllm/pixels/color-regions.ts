import type { RgbImage } from "../rgb-image.ts";
import type { Rgb } from "./color-names.ts";
import type { OpenCv } from "./opencv/load-opencv.ts";
import type { MatScope } from "./opencv/mat-scope.ts";
import { spreadLabels } from "./spread-labels.ts";

/** The foreground split into connected areas of one colour each. */
export interface ColorRegions {
  /** Per pixel, row-major: the region (1 to count) or 0 for background. */
  readonly labels: Int32Array;
  /** Number of regions. */
  readonly count: number;
  /** Colour of each region (index 0 unused): the mean of its uniform interior. */
  readonly colors: readonly Rgb[];
}

/** Options for {@link colorRegions}. */
export interface ColorRegionOptions {
  /**
   * Largest colour change (per channel, over a 3×3 window) inside a uniform interior. Edges, anti-aliased
   * rims and the blend where two colours meet change by more.
   * @defaultValue 24
   */
  readonly coreGradient?: number;
  /**
   * Smallest uniform interior, in pixels, that seeds a region.
   * @defaultValue 12
   */
  readonly minCorePx?: number;
  /**
   * Colour distance (Euclidean RGB) under which two touching regions are one colour and are merged (the
   * interior of one object can be cut by its own thin parts; its distinct objects are told apart later by
   * their outline).
   * @defaultValue 40
   */
  readonly sameColorDistance?: number;
}

/**
 * Splits the foreground by colour: uniform interiors (low morphological gradient) are the seeds, a
 * watershed on the colour image hands every rim and blend pixel to the seed it resembles, and touching
 * regions of the same colour are merged. Objects of different colours thus come apart wherever they touch
 * or overlap.
 */
export function colorRegions(options: { cv: OpenCv; scope: MatScope; image: RgbImage; foreground: Uint8Array; background: Rgb } & ColorRegionOptions): ColorRegions {
  const { cv, scope, image, foreground, background, coreGradient = 24, minCorePx = 12, sameColorDistance = 40 } = options;
  const { width, height } = image;
  const rgb = scope.track(new cv.Mat(height, width, cv.CV_8UC3));
  rgb.data.set(image.data);
  const gradient = scope.track(new cv.Mat());
  cv.morphologyEx(rgb, gradient, cv.MORPH_GRADIENT, scope.track(cv.Mat.ones(3, 3, cv.CV_8U)));
  const cores = scope.track(new cv.Mat(height, width, cv.CV_8UC1));
  // A view into WebAssembly memory: taken once (each .data call builds a new one) and only after the
  // allocations, which can move that memory.
  const changes = gradient.data;
  const coreMask = cores.data;
  // The range and sum of the interiors' colours, channel by channel: a blob whose interiors all have one
  // colour (most blobs) is one region, with no need to label and flood them.
  const low = [255, 255, 255];
  const high = [0, 0, 0];
  const sum = [0, 0, 0];
  let corePixels = 0;
  for (let index = 0; index < foreground.length; index++) {
    const change = Math.max(changes[index * 3]!, changes[index * 3 + 1]!, changes[index * 3 + 2]!);
    const isCore = foreground[index] !== 0 && change <= coreGradient;
    coreMask[index] = isCore ? 255 : 0;
    if (!isCore) continue;
    corePixels++;
    for (let channel = 0; channel < 3; channel++) {
      const value = image.data[index * 3 + channel]!;
      low[channel] = Math.min(low[channel]!, value);
      high[channel] = Math.max(high[channel]!, value);
      sum[channel]! += value;
    }
  }
  if (high.every((value, channel) => value - low[channel]! <= sameColorDistance)) {
    const color = corePixels === 0 ? undefined : { red: sum[0]! / corePixels, green: sum[1]! / corePixels, blue: sum[2]! / corePixels };
    return oneRegion(foreground, color, image);
  }
  const coreLabels = scope.track(new cv.Mat());
  const stats = scope.track(new cv.Mat());
  const coreCount = cv.connectedComponentsWithStats(cores, coreLabels, stats, scope.track(new cv.Mat()), 8, cv.CV_32S);
  const coreOf = Int32Array.from(coreLabels.data32S);
  const coreStats = stats.data32S;
  const seeds: number[] = [];
  for (let core = 1; core < coreCount; core++) if (coreStats[core * 5 + cv.CC_STAT_AREA]! >= minCorePx) seeds.push(core);
  const coreColors = meanColors({ image, labels: coreOf, cores: coreOf, count: coreCount });
  // Markers: background is one more label, so that it floods only background and rims stay with objects.
  const backgroundMarker = coreCount;
  const markers = scope.track(new cv.Mat(height, width, cv.CV_32SC1));
  const isSeed = new Uint8Array(coreCount);
  for (const core of seeds) isSeed[core] = 1;
  const seedMarks = markers.data32S;
  for (let index = 0; index < foreground.length; index++) {
    const core = coreOf[index]!;
    seedMarks[index] = foreground[index] === 0 ? backgroundMarker : isSeed[core] === 1 ? core : 0;
  }
  cv.watershed(rgb, markers);
  const flooded = markers.data32S;
  const labels = new Int32Array(foreground.length);
  for (let index = 0; index < labels.length; index++) {
    const marker = flooded[index]!;
    labels[index] = foreground[index] !== 0 && marker > 0 && marker < backgroundMarker ? marker : 0;
  }
  assignEdges({ image, labels, isCore: coreOf, foreground, colors: coreColors, background });
  const labelCount = spreadLabels({ labels, inside: foreground, width, height, nextLabel: coreCount });
  const colors = meanColors({ image, labels, cores: coreOf, count: labelCount });
  return mergeSameColor({ labels, colors, width, height, sameColorDistance });
}

/**
 * Re-decides every foreground pixel outside the uniform interiors (edges, rims, blends: the watershed
 * decides them by flooding order) among the labels within two pixels: the label whose colour, mixed with the
 * background, best explains the pixel's colour (an anti-aliased rim is a mix of its object's colour and
 * the background; a pixel where two objects meet is one or the other).
 */
function assignEdges(options: { image: RgbImage; labels: Int32Array; isCore: Int32Array; foreground: Uint8Array; colors: readonly Rgb[]; background: Rgb }): void {
  const { image, labels, isCore, foreground, colors, background } = options;
  const { width, height, data } = image;
  const flooded = labels.slice();
  for (let index = 0; index < labels.length; index++) {
    if (isCore[index] !== 0 || foreground[index] === 0) continue;
    const x = index % width;
    const y = (index - x) / width;
    let best = flooded[index]!;
    let bestMisfit = best === 0 ? Infinity : misfit(data, index, colors[best]!, background);
    for (let dy = -EDGE_REACH; dy <= EDGE_REACH; dy++) {
      for (let dx = -EDGE_REACH; dx <= EDGE_REACH; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const label = flooded[ny * width + nx]!;
        if (label === 0 || label === best) continue;
        const candidate = misfit(data, index, colors[label]!, background);
        if (candidate < bestMisfit) [best, bestMisfit] = [label, candidate];
      }
    }
    labels[index] = best;
  }
}

/** How far (pixels, each way) an edge pixel looks for the labels it may belong to: a rim is up to two pixels wide. */
const EDGE_REACH = 2;

/** Squared distance from a pixel's colour to the nearest mix of `color` and the background. */
function misfit(data: Uint8Array, index: number, color: Rgb, background: Rgb): number {
  const pixel = [data[index * 3]! - background.red, data[index * 3 + 1]! - background.green, data[index * 3 + 2]! - background.blue] as const;
  const direction = [color.red - background.red, color.green - background.green, color.blue - background.blue] as const;
  const length = direction[0] ** 2 + direction[1] ** 2 + direction[2] ** 2;
  const share = length === 0 ? 0 : Math.min(1, Math.max(0, (pixel[0] * direction[0] + pixel[1] * direction[1] + pixel[2] * direction[2]) / length));
  return (pixel[0] - share * direction[0]) ** 2 + (pixel[1] - share * direction[1]) ** 2 + (pixel[2] - share * direction[2]) ** 2;
}

/** The whole foreground as one region (a blob of one colour: most blobs are one object). */
function oneRegion(foreground: Uint8Array, color: Rgb | undefined, image: RgbImage): ColorRegions {
  const labels = new Int32Array(foreground.length);
  for (let index = 0; index < labels.length; index++) labels[index] = foreground[index] === 0 ? 0 : 1;
  const regionColor = color ?? meanColors({ image, labels, cores: labels, count: 2 })[1]!;
  return { labels, count: labels.includes(1) ? 1 : 0, colors: [regionColor, regionColor] };
}

function similar(a: Rgb, b: Rgb, distance: number): boolean {
  return Math.hypot(a.red - b.red, a.green - b.green, a.blue - b.blue) <= distance;
}

/** Mean colour per label over its seed pixels (all its pixels for a label without a seed). */
function meanColors(options: { image: RgbImage; labels: Int32Array; cores: Int32Array; count: number }): Rgb[] {
  const { image, labels, cores, count } = options;
  const sums = new Float64Array(count * 4);
  const fallback = new Float64Array(count * 4);
  for (let index = 0; index < labels.length; index++) {
    const label = labels[index]!;
    if (label === 0) continue;
    const target = cores[index] === label ? sums : fallback;
    target[label * 4]! += image.data[index * 3]!;
    target[label * 4 + 1]! += image.data[index * 3 + 1]!;
    target[label * 4 + 2]! += image.data[index * 3 + 2]!;
    target[label * 4 + 3]!++;
  }
  return Array.from({ length: count }, (_, label) => {
    const source = sums[label * 4 + 3]! > 0 ? sums : fallback;
    const pixels = Math.max(source[label * 4 + 3]!, 1);
    return { red: source[label * 4]! / pixels, green: source[label * 4 + 1]! / pixels, blue: source[label * 4 + 2]! / pixels };
  });
}

/** Merges 4-adjacent labels of the same colour and numbers the result 1..count. */
function mergeSameColor(options: { labels: Int32Array; colors: readonly Rgb[]; width: number; height: number; sameColorDistance: number }): ColorRegions {
  const { labels, colors, width, height, sameColorDistance } = options;
  const parent = Int32Array.from({ length: colors.length }, (_, label) => label);
  const find = (label: number): number => {
    while (parent[label] !== label) label = parent[label] = parent[parent[label]!]!;
    return label;
  };
  const checked = new Set<number>();
  const join = (label: number, other: number): void => {
    const pair = label < other ? label * colors.length + other : other * colors.length + label;
    if (checked.has(pair)) return;
    checked.add(pair);
    if (!similar(colors[label]!, colors[other]!, sameColorDistance)) return;
    const [mine, theirs] = [find(label), find(other)];
    if (mine !== theirs) parent[theirs] = mine;
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const label = labels[row + x]!;
      if (label === 0) continue;
      const right = x + 1 < width ? labels[row + x + 1]! : 0;
      if (right !== 0 && right !== label) join(label, right);
      const below = y + 1 < height ? labels[row + width + x]! : 0;
      if (below !== 0 && below !== label) join(label, below);
    }
  }
  const renumbered = new Int32Array(colors.length);
  const sums: Array<{ red: number; green: number; blue: number; weight: number }> = [{ red: 0, green: 0, blue: 0, weight: 0 }];
  for (let label = 1; label < colors.length; label++) {
    const root = find(label);
    if (renumbered[root] === 0) {
      renumbered[root] = sums.length;
      sums.push({ red: 0, green: 0, blue: 0, weight: 0 });
    }
    renumbered[label] = renumbered[root]!;
  }
  const pixels = new Float64Array(colors.length);
  for (let index = 0; index < labels.length; index++) {
    pixels[labels[index]!]!++;
    labels[index] = renumbered[labels[index]!]!;
  }
  for (let label = 1; label < colors.length; label++) {
    const sum = sums[renumbered[label]!]!;
    const color = colors[label]!;
    sum.red += color.red * pixels[label]!;
    sum.green += color.green * pixels[label]!;
    sum.blue += color.blue * pixels[label]!;
    sum.weight += pixels[label]!;
  }
  const merged = sums.map((sum) => ({ red: sum.red / Math.max(sum.weight, 1), green: sum.green / Math.max(sum.weight, 1), blue: sum.blue / Math.max(sum.weight, 1) }));
  return { labels, count: sums.length - 1, colors: merged };
}
