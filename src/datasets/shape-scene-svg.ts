import type { ColorName, Rgb } from "../mllm/pixels/color-names.ts";
import { COLOR_PALETTE, toHex } from "./palette.ts";
import { shapeSvg, type ShapePlacement } from "./shape-geometry.ts";
import { svgDocument } from "./svg-render.ts";

/** A shape to draw, filled with its colour name's palette colour. */
export interface ColoredShape extends ShapePlacement {
  readonly color: ColorName;
}

/**
 * The SVG document of coloured shapes on a flat background: how compositional scenes, the example images
 * and hand-placed test scenes are all drawn, so pixel analysis sees the same colours and outlines in each.
 */
export function shapeSceneSvg(options: { widthPx: number; heightPx: number; background: Rgb; shapes: readonly ColoredShape[] }): string {
  const { widthPx, heightPx, background, shapes } = options;
  return svgDocument({ widthPx, heightPx, background, elements: shapes.map((shape) => shapeSvg(shape, toHex(COLOR_PALETTE[shape.color]))) });
}
