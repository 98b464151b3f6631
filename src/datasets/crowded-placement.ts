import { spreadLabels } from "../mllm/pixels/spread-labels.ts";
import type { Random } from "./random.ts";
import type { Silhouette } from "./silhouette.ts";

/** Options for {@link placeCrowded}. */
export interface CrowdedPlacementOptions {
  readonly random: Random;
  readonly widthPx: number;
  readonly heightPx: number;
  /** Smallest gap between any drawn pixel and the image border, in pixels. */
  readonly marginPx: number;
  /** The objects to place, in drawing order (a later object covers an earlier one). */
  readonly silhouettes: readonly Silhouette[];
  /**
   * The colour (or any group key) of each object. Two objects of one group may touch but hardly overlap:
   * overlapping same-coloured silhouettes melt into one shape that nobody can split for sure (two squares
   * pushed together face to face make a rectangle).
   */
  readonly groups: readonly string[];
  /**
   * Largest share of the smaller object's area that one object of another group may cover.
   * @defaultValue 0.2
   */
  readonly maxOverlapShare?: number;
  /**
   * Largest share of the smaller object's area that one object of the same group may cover.
   * @defaultValue 0 (they may touch, not overlap)
   */
  readonly maxSameGroupOverlapShare?: number;
  /**
   * Largest share of any object's area hidden by all the objects drawn over it, so each stays recognisable.
   * @defaultValue 0.3
   */
  readonly maxHiddenShare?: number;
  /**
   * An object may not be cut into pieces by the objects over it; links thinner than 2 × solidErosionPx + 1
   * pixels do not count as joining its parts.
   * @defaultValue 2
   */
  readonly solidErosionPx?: number;
  /**
   * Anchors and directions tried per object before giving up.
   * @defaultValue 40
   */
  readonly attemptsPerObject?: number;
}

/** Where {@link placeCrowded} put the objects. */
export interface CrowdedPlacement {
  /** Centre of each object, in the order of the silhouettes (whole pixels plus half the mask side). */
  readonly centers: ReadonlyArray<{ readonly centerX: number; readonly centerY: number }>;
  /** Pairs of objects whose silhouettes touch (adjacent pixels) or overlap. */
  readonly contactPairs: number;
}

/**
 * Places objects so that each one after the first leans on an object already placed: it comes in from a
 * random direction until it touches, then goes on by a random amount within the overlap limits. The
 * result is a crowd of touching and overlapping objects whose overlaps stay small enough for each object
 * to remain visible. Returns undefined when an object finds no place; callers retry with smaller objects.
 */
export function placeCrowded(options: CrowdedPlacementOptions): CrowdedPlacement | undefined {
  const { random, widthPx, heightPx, marginPx, silhouettes, groups, attemptsPerObject = 40 } = options;
  const canvas = createCanvas(options);
  const centers: Array<{ centerX: number; centerY: number }> = [];
  for (const [index, silhouette] of silhouettes.entries()) {
    const shape = shapeOf(silhouette);
    let spot: Spot | undefined;
    for (let attempt = 0; attempt < attemptsPerObject && spot === undefined; attempt++) {
      if (index === 0) {
        const spotCandidate = { x: random.int(marginPx - shape.minX, widthPx - 1 - marginPx - shape.maxX), y: random.int(marginPx - shape.minY, heightPx - 1 - marginPx - shape.maxY) };
        if (canvas.judge(shape, index, spotCandidate, groups).acceptable) spot = spotCandidate;
      } else {
        spot = leanOn({ canvas, shape, index, anchor: centers[random.int(0, index - 1)]!, angle: random.float(0, 2 * Math.PI), random, groups });
      }
    }
    if (spot === undefined) return undefined;
    canvas.draw(shape, index, spot);
    centers.push({ centerX: spot.x + silhouette.sidePx / 2, centerY: spot.y + silhouette.sidePx / 2 });
  }
  return { centers, contactPairs: canvas.contactPairs() };
}

/** Top-left corner of a silhouette's mask in the image, in whole pixels. */
interface Spot {
  readonly x: number;
  readonly y: number;
}

/** A silhouette as offsets of its covered pixels and of the ring of pixels just outside it. */
interface PlacedShape {
  readonly sidePx: number;
  readonly areaPx: number;
  readonly covered: Int32Array;
  readonly ring: Int32Array;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

function shapeOf(silhouette: Silhouette): PlacedShape {
  const { sidePx, mask, areaPx } = silhouette;
  const covered: number[] = [];
  const ring: number[] = [];
  let [minX, minY, maxX, maxY] = [sidePx, sidePx, -1, -1];
  const at = (x: number, y: number): number => (x < 0 || y < 0 || x >= sidePx || y >= sidePx ? 0 : mask[y * sidePx + x]!);
  for (let y = -1; y <= sidePx; y++) {
    for (let x = -1; x <= sidePx; x++) {
      if (at(x, y) === 1) {
        covered.push(x, y);
        [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
      } else if (at(x - 1, y) || at(x + 1, y) || at(x, y - 1) || at(x, y + 1)) {
        ring.push(x, y);
      }
    }
  }
  return { sidePx, areaPx, covered: Int32Array.from(covered), ring: Int32Array.from(ring), minX, minY, maxX, maxY };
}

/** What placing an object at a spot would do. */
interface Judgement {
  /** Touches or overlaps an object already drawn. */
  readonly contact: boolean;
  /** Inside the margins and within every overlap limit. */
  readonly acceptable: boolean;
}

/**
 * Moves an object from far away towards `anchor` along `angle` one pixel at a time; among the positions
 * from first contact until a limit is broken, picks one at random.
 */
function leanOn(options: { canvas: Canvas; shape: PlacedShape; index: number; anchor: { centerX: number; centerY: number }; angle: number; random: Random; groups: readonly string[] }): Spot | undefined {
  const { canvas, shape, index, anchor, angle, random, groups } = options;
  const half = shape.sidePx / 2;
  const accepted: Spot[] = [];
  let previous = "";
  for (let distance = canvas.reach + shape.sidePx; distance >= 0; distance--) {
    const spot = { x: Math.round(anchor.centerX + distance * Math.cos(angle) - half), y: Math.round(anchor.centerY + distance * Math.sin(angle) - half) };
    const key = `${spot.x},${spot.y}`;
    if (key === previous) continue;
    previous = key;
    if (!canvas.nearAny(shape, spot)) continue;
    const judgement = canvas.judge(shape, index, spot, groups);
    if (!judgement.contact) continue;
    if (!judgement.acceptable) break;
    accepted.push(spot);
  }
  return random.shuffle(accepted).find((spot) => canvas.keepsOthersWhole(shape, spot));
}

interface Canvas {
  /** Largest silhouette side drawn so far: no contact is possible from farther than this. */
  readonly reach: number;
  nearAny(shape: PlacedShape, spot: Spot): boolean;
  judge(shape: PlacedShape, index: number, spot: Spot, groups: readonly string[]): Judgement;
  /** Whether every object this one would cover keeps its visible part in one piece. */
  keepsOthersWhole(shape: PlacedShape, spot: Spot): boolean;
  draw(shape: PlacedShape, index: number, spot: Spot): void;
  contactPairs(): number;
}

/** Which object shows at each pixel, the objects' areas and how much of each is hidden. */
function createCanvas(options: CrowdedPlacementOptions): Canvas {
  const { widthPx, heightPx, marginPx, maxOverlapShare = 0.2, maxSameGroupOverlapShare = 0, maxHiddenShare = 0.3, solidErosionPx = 2 } = options;
  const owner = new Int16Array(widthPx * heightPx).fill(-1);
  const areas: number[] = [];
  const hidden: number[] = [];
  const boxes: Array<{ x0: number; y0: number; x1: number; y1: number }> = [];
  const pairs = new Set<number>();
  // Pixels the object under test would cover are stamped with the test's number (no clearing needed).
  const stamp = new Int32Array(widthPx * heightPx);
  let test = 0;
  let reach = 0;
  const ownerAt = (x: number, y: number): number => (x < 0 || y < 0 || x >= widthPx || y >= heightPx ? -1 : owner[y * widthPx + x]!);
  const inside = (shape: PlacedShape, spot: Spot): boolean =>
    spot.x + shape.minX >= marginPx && spot.y + shape.minY >= marginPx && spot.x + shape.maxX < widthPx - marginPx && spot.y + shape.maxY < heightPx - marginPx;
  return {
    get reach() {
      return reach;
    },
    nearAny(shape, spot) {
      return boxes.some((box) => spot.x + shape.minX - 1 <= box.x1 && spot.x + shape.maxX + 1 >= box.x0 && spot.y + shape.minY - 1 <= box.y1 && spot.y + shape.maxY + 1 >= box.y0);
    },
    judge(shape, index, spot, groups) {
      const overlaps = new Map<number, number>();
      for (let offset = 0; offset < shape.covered.length; offset += 2) {
        const other = ownerAt(spot.x + shape.covered[offset]!, spot.y + shape.covered[offset + 1]!);
        if (other >= 0) overlaps.set(other, (overlaps.get(other) ?? 0) + 1);
      }
      let contact = overlaps.size > 0;
      for (let offset = 0; offset < shape.ring.length && !contact; offset += 2) contact = ownerAt(spot.x + shape.ring[offset]!, spot.y + shape.ring[offset + 1]!) >= 0;
      let acceptable = inside(shape, spot);
      for (const [other, pixels] of overlaps) {
        const limit = groups[other] === groups[index] ? maxSameGroupOverlapShare : maxOverlapShare;
        if (pixels > limit * Math.min(areas[other]!, shape.areaPx) || hidden[other]! + pixels > maxHiddenShare * areas[other]!) acceptable = false;
      }
      return { contact, acceptable };
    },
    keepsOthersWhole(shape, spot) {
      test++;
      const covered = new Set<number>();
      for (let offset = 0; offset < shape.covered.length; offset += 2) {
        const position = (spot.y + shape.covered[offset + 1]!) * widthPx + spot.x + shape.covered[offset]!;
        stamp[position] = test;
        if (owner[position]! >= 0) covered.add(owner[position]!);
      }
      const pieces = (other: number, hiddenByTest: boolean): number =>
        solidPieces({ box: boxes[other]!, widthPx, erosionPx: solidErosionPx, shows: (position) => owner[position] === other && !(hiddenByTest && stamp[position] === test) });
      for (const other of covered) if (pieces(other, true) > pieces(other, false)) return false;
      return true;
    },
    draw(shape, index, spot) {
      for (let offset = 0; offset < shape.ring.length; offset += 2) {
        const other = ownerAt(spot.x + shape.ring[offset]!, spot.y + shape.ring[offset + 1]!);
        if (other >= 0) pairs.add(other * 65536 + index);
      }
      for (let offset = 0; offset < shape.covered.length; offset += 2) {
        const position = (spot.y + shape.covered[offset + 1]!) * widthPx + spot.x + shape.covered[offset]!;
        const other = owner[position]!;
        if (other >= 0) {
          hidden[other]!++;
          pairs.add(other * 65536 + index);
        }
        owner[position] = index;
      }
      areas[index] = shape.areaPx;
      hidden[index] = 0;
      boxes.push({ x0: spot.x + shape.minX, y0: spot.y + shape.minY, x1: spot.x + shape.maxX, y1: spot.y + shape.maxY });
      reach = Math.max(reach, shape.sidePx);
    },
    contactPairs: () => pairs.size,
  };
}

/**
 * Number of 8-connected pieces of an object's solid visible part inside its box: the visible pixels that
 * stay after erosion by a square of side 2 × erosionPx + 1. Links thinner than that, which no reader (and
 * no colour segmentation) would see as joining two parts, do not join pieces.
 */
function solidPieces(options: { box: { x0: number; y0: number; x1: number; y1: number }; widthPx: number; erosionPx: number; shows: (position: number) => boolean }): number {
  const { box, widthPx, erosionPx, shows } = options;
  const width = box.x1 - box.x0 + 1;
  const height = box.y1 - box.y0 + 1;
  const visible = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) visible[y * width + x] = shows((box.y0 + y) * widthPx + box.x0 + x) ? 1 : 0;
  const solid = erode(erode(visible, width, height, erosionPx, 1), width, height, erosionPx, width);
  // Every piece gets a label of its own; spreadLabels returns the number in use plus one.
  return spreadLabels({ labels: new Int32Array(width * height), inside: solid, width, height, nextLabel: 1 }) - 1;
}

/** Erosion along one axis (step 1: rows, step width: columns): 1 where every pixel within `radius` steps is 1. */
function erode(mask: Uint8Array, width: number, height: number, radius: number, step: number): Uint8Array {
  const eroded = new Uint8Array(mask.length);
  const length = step === 1 ? width : height;
  const lines = step === 1 ? height : width;
  for (let line = 0; line < lines; line++) {
    const first = step === 1 ? line * width : line;
    // Distance to the last 0 seen going forwards, then backwards.
    let run = 0;
    const forward = new Int32Array(length);
    for (let index = 0; index < length; index++) {
      run = mask[first + index * step] === 1 ? run + 1 : 0;
      forward[index] = run;
    }
    run = 0;
    for (let index = length - 1; index >= 0; index--) {
      run = mask[first + index * step] === 1 ? run + 1 : 0;
      if (forward[index]! > radius && run > radius) eroded[first + index * step] = 1;
    }
  }
  return eroded;
}
