/** A point [x, y]. */
export type Point = readonly [number, number];

/** Convex hull of points (Andrew's monotone chain), counter-clockwise in y-down coordinates, no repeats. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const cross = (origin: Point, a: Point, b: Point): number => (a[0] - origin[0]) * (b[1] - origin[1]) - (a[1] - origin[1]) * (b[0] - origin[0]);
  const lower: Point[] = [];
  for (const point of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, point) <= 0) lower.pop();
    lower.push(point);
  }
  const upper: Point[] = [];
  for (let index = sorted.length - 1; index >= 0; index--) {
    const point = sorted[index]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, point) <= 0) upper.pop();
    upper.push(point);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Area of a simple polygon (shoelace formula), always positive. */
export function polygonArea(polygon: readonly Point[]): number {
  let twice = 0;
  for (let index = 0; index < polygon.length; index++) {
    const [x0, y0] = polygon[index]!;
    const [x1, y1] = polygon[(index + 1) % polygon.length]!;
    twice += x0 * y1 - x1 * y0;
  }
  return Math.abs(twice) / 2;
}

/** Smallest rectangle, at any angle, that holds a convex polygon (one of its sides lies on a hull edge). */
export function minimumAreaRectangle(hull: readonly Point[]): { width: number; height: number } {
  let best = { width: 0, height: 0, area: Infinity };
  for (let index = 0; index < hull.length; index++) {
    const [ax, ay] = hull[index]!;
    const [bx, by] = hull[(index + 1) % hull.length]!;
    const length = Math.hypot(bx - ax, by - ay);
    if (length === 0) continue;
    const ux = (bx - ax) / length;
    const uy = (by - ay) / length;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const [x, y] of hull) {
      const u = (x - ax) * ux + (y - ay) * uy;
      const v = -(x - ax) * uy + (y - ay) * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < best.area) best = { width: maxU - minU, height: maxV - minV, area };
  }
  return { width: best.width, height: best.height };
}

/** Largest distance between two points of a polygon. */
export function diameter(polygon: readonly Point[]): number {
  let largest = 0;
  for (let first = 0; first < polygon.length; first++) {
    for (let second = first + 1; second < polygon.length; second++) {
      const [ax, ay] = polygon[first]!;
      const [bx, by] = polygon[second]!;
      largest = Math.max(largest, Math.hypot(ax - bx, ay - by));
    }
  }
  return largest;
}
