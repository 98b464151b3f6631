import type { Random } from "./random.ts";

/** A disk to place: its radius in pixels. */
export interface PlacedDisk {
  readonly centerX: number;
  readonly centerY: number;
  readonly radiusPx: number;
}

/** Options for {@link placeDisks}. */
export interface PlaceDisksOptions {
  readonly random: Random;
  readonly widthPx: number;
  readonly heightPx: number;
  /** Radius of each disk, in pixels. */
  readonly radiiPx: readonly number[];
  /** Smallest gap between two disks and between a disk and the image border, in pixels. */
  readonly marginPx: number;
  /**
   * Random positions tried per disk before giving up.
   * @defaultValue 400
   */
  readonly attemptsPerDisk?: number;
}

/**
 * Places disks at random without overlap (random sequential placement, largest first). Returns the disks
 * in the order of `radiiPx`, or undefined when they do not fit; callers retry with smaller radii.
 */
export function placeDisks(options: PlaceDisksOptions): PlacedDisk[] | undefined {
  const { random, widthPx, heightPx, radiiPx, marginPx, attemptsPerDisk = 400 } = options;
  const order = radiiPx.map((radiusPx, index) => ({ radiusPx, index })).sort((a, b) => b.radiusPx - a.radiusPx || a.index - b.index);
  const placed: Array<PlacedDisk & { index: number }> = [];
  for (const { radiusPx, index } of order) {
    const low = radiusPx + marginPx;
    if (widthPx - low < low || heightPx - low < low) return undefined;
    let found: PlacedDisk | undefined;
    for (let attempt = 0; attempt < attemptsPerDisk && found === undefined; attempt++) {
      const candidate = { centerX: random.float(low, widthPx - low), centerY: random.float(low, heightPx - low), radiusPx };
      const clear = placed.every((other) => Math.hypot(other.centerX - candidate.centerX, other.centerY - candidate.centerY) >= other.radiusPx + radiusPx + marginPx);
      if (clear) found = candidate;
    }
    if (found === undefined) return undefined;
    placed.push({ ...found, index });
  }
  return placed.sort((a, b) => a.index - b.index).map(({ centerX, centerY, radiusPx }) => ({ centerX, centerY, radiusPx }));
}
