/** A local maximum of a distance map: the centre of a bulge of the shape. */
export interface DistancePeak {
  /** Row-major index of the peak's pixel. */
  readonly index: number;
  /** Distance to the background at the peak: the radius of the largest disc centred there inside the shape. */
  readonly height: number;
  /**
   * The pass to a higher peak: the highest level at which a path links this peak to a higher one, i.e. the
   * half-width of the narrowest neck on the way. 0 for the highest peak of a connected part.
   */
  readonly saddle: number;
  /** Index of the higher peak this one meets at its saddle; undefined for the highest peak of a connected part. */
  readonly meets?: number;
}

/** Quantisation of distances for ordering the flood (1/16 pixel; saddles are read unquantised). */
const LEVELS_PER_PIXEL = 16;

/**
 * The peaks of a distance map (8-connected), each with the saddle at which it meets a higher peak,
 * found by flooding from the top (a union-find over pixels in decreasing distance). A bulge joined to a
 * bigger one by a narrow neck has a low saddle; the lobes of one convex shape meet high up.
 */
export function distancePeaks(options: { distance: Float32Array; width: number; height: number }): DistancePeak[] {
  const { distance, width, height } = options;
  const order = sortedByDistance(distance);
  const parent = new Int32Array(distance.length).fill(-1);
  // The peak (highest pixel) of each set, stored at the set's root.
  const top = new Int32Array(distance.length);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[index] !== root) {
      const next = parent[index]!;
      parent[index] = root;
      index = next;
    }
    return root;
  };
  const peaks: DistancePeak[] = [];
  for (let position = order.length - 1; position >= 0; position--) {
    const index = order[position]!;
    parent[index] = index;
    top[index] = index;
    const x = index % width;
    const y = (index - x) / width;
    for (let dy = -1; dy <= 1; dy++) {
      const ny = y + dy;
      if (ny < 0 || ny >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        if (nx < 0 || nx >= width || (dx === 0 && dy === 0)) continue;
        const neighbour = ny * width + nx;
        if (parent[neighbour] === -1) continue;
        const [mine, theirs] = [find(index), find(neighbour)];
        if (mine === theirs) continue;
        const [higher, lower] = distance[top[mine]!]! >= distance[top[theirs]!]! ? [mine, theirs] : [theirs, mine];
        // A set whose top is no higher than the pixel joining it (a lone pixel, or one ordered ahead of it
        // within the same sorting level) is a slope, not a peak.
        if (distance[top[lower]!]! > distance[index]!) peaks.push({ index: top[lower]!, height: distance[top[lower]!]!, saddle: distance[index]!, meets: top[higher]! });
        parent[lower] = higher;
      }
    }
  }
  for (const index of order) if (parent[index] === index) peaks.push({ index: top[index]!, height: distance[top[index]!]!, saddle: 0 });
  return peaks;
}

/** Indices of the pixels with a positive distance, in increasing distance (a counting sort by level). */
function sortedByDistance(distance: Float32Array): Int32Array {
  let highest = 0;
  let positive = 0;
  for (const value of distance) {
    if (value <= 0) continue;
    positive++;
    highest = Math.max(highest, value);
  }
  const levels = Math.floor(highest * LEVELS_PER_PIXEL) + 2;
  const starts = new Int32Array(levels);
  for (const value of distance) if (value > 0) starts[Math.floor(value * LEVELS_PER_PIXEL) + 1]!++;
  for (let level = 1; level < levels; level++) starts[level]! += starts[level - 1]!;
  const order = new Int32Array(positive);
  for (let index = 0; index < distance.length; index++) {
    const value = distance[index]!;
    if (value > 0) order[starts[Math.floor(value * LEVELS_PER_PIXEL)]!++] = index;
  }
  return order;
}
