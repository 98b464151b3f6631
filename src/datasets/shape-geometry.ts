import type { PixelBox } from "../mllm/rgb-image.ts";

/** The shapes of compositional scenes. */
export const SCENE_SHAPES = ["circle", "square", "rectangle", "triangle", "star"] as const;

/** One of {@link SCENE_SHAPES}. */
export type SceneShape = (typeof SCENE_SHAPES)[number];

/** Where and how to draw one shape, in pixels (origin top-left, y down). */
export interface ShapePlacement {
  readonly shape: SceneShape;
  readonly centerX: number;
  readonly centerY: number;
  /** Nominal size in pixels: a circle's diameter; other shapes are scaled to look about as big. */
  readonly sizePx: number;
  /** Clockwise rotation in degrees (ignored for circles). */
  readonly rotationDegrees: number;
}

/**
 * Radius of the circle around the centre that holds the shape whatever its rotation, as a fraction of the
 * nominal size; placement keeps these circles apart.
 */
export const BOUNDING_RADIUS_FRACTION = 0.62;

/** The polygon of a shape (undefined for a circle), as [x, y] vertices in pixels. */
function shapePolygon(placement: ShapePlacement): Array<[number, number]> | undefined {
  const { shape, sizePx } = placement;
  switch (shape) {
    case "circle":
      return undefined;
    case "square":
      return transform(placement, rectangleCorners(sizePx * 0.85, sizePx * 0.85));
    case "rectangle":
      return transform(placement, rectangleCorners(sizePx * 1.1, sizePx * 0.55));
    case "triangle":
      return transform(placement, regularPolygon(3, sizePx * 0.62, 0));
    case "star":
      return transform(placement, starPoints(sizePx * 0.6, sizePx * 0.6 * 0.45));
  }
}

/** The SVG element that draws the shape with a flat fill. */
export function shapeSvg(placement: ShapePlacement, fill: string): string {
  const polygon = shapePolygon(placement);
  if (polygon === undefined) {
    return `<circle cx="${fmt(placement.centerX)}" cy="${fmt(placement.centerY)}" r="${fmt(placement.sizePx / 2)}" fill="${fill}"/>`;
  }
  return `<polygon points="${polygon.map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(" ")}" fill="${fill}"/>`;
}

/** The exact bounding box of the drawn shape, rounded to whole pixels (x1/y1 exclusive). */
export function shapeBox(placement: ShapePlacement): PixelBox {
  const polygon = shapePolygon(placement);
  const points = polygon ?? [
    [placement.centerX - placement.sizePx / 2, placement.centerY - placement.sizePx / 2],
    [placement.centerX + placement.sizePx / 2, placement.centerY + placement.sizePx / 2],
  ];
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return {
    x0: Math.round(Math.min(...xs)),
    y0: Math.round(Math.min(...ys)),
    x1: Math.round(Math.max(...xs)),
    y1: Math.round(Math.max(...ys)),
  };
}

function rectangleCorners(width: number, height: number): Array<[number, number]> {
  return [[-width / 2, -height / 2], [width / 2, -height / 2], [width / 2, height / 2], [-width / 2, height / 2]];
}

/** Vertices of a regular polygon; the first one points up. */
function regularPolygon(sides: number, radius: number, offsetRadians: number): Array<[number, number]> {
  return Array.from({ length: sides }, (_, index) => {
    const angle = offsetRadians - Math.PI / 2 + (index * 2 * Math.PI) / sides;
    return [radius * Math.cos(angle), radius * Math.sin(angle)] as [number, number];
  });
}

function starPoints(outerRadius: number, innerRadius: number): Array<[number, number]> {
  return Array.from({ length: 10 }, (_, index) => {
    const radius = index % 2 === 0 ? outerRadius : innerRadius;
    const angle = -Math.PI / 2 + (index * Math.PI) / 5;
    return [radius * Math.cos(angle), radius * Math.sin(angle)] as [number, number];
  });
}

function transform(placement: ShapePlacement, points: Array<[number, number]>): Array<[number, number]> {
  const radians = (placement.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  return points.map(([x, y]) => [placement.centerX + x * cos - y * sin, placement.centerY + x * sin + y * cos]);
}

/** Two decimals keep the SVG short and the output identical across runs. */
function fmt(value: number): string {
  return value.toFixed(2);
}
