import type { PerceptionContext } from "../capabilities.ts";
import type { PixelBox, RgbImage } from "../rgb-image.ts";
import { classifyShape, measureShape } from "./classify-shape.ts";
import { type ColorName, nameColor, type Rgb } from "./color-names.ts";
import { nameSizes, type SizeName } from "./object-size.ts";
import { segmentForeground } from "./segment.ts";
import type { ShapeName } from "./shape-names.ts";

/** One object of a plain-background image, with the attributes pixel analysis reads from it. */
export interface PixelObject {
  /** Box in pixels of the analysed image (the ORIGINAL image when it comes from {@link sceneObjects}). */
  readonly box: PixelBox;
  /** Coverage-weighted area in pixels. */
  readonly area: number;
  readonly meanColor: Rgb;
  readonly color: ColorName;
  readonly shape: ShapeName;
  readonly size: SizeName;
  /** Rotation-invariant linear size in pixels (what `size` is judged on). */
  readonly scalePx: number;
}

/** Segments an image and names every object's colour, shape and size (sizes relative to each other). */
export function analyzeObjects(image: RgbImage): PixelObject[] {
  const { segments } = segmentForeground(image);
  const features = segments.map((segment) => measureShape(segment.solidPixels, segment.area));
  const scales = features.map((feature) => feature.scalePx);
  const sizes = nameSizes(scales, Math.min(image.width, image.height));
  return segments.map((segment, index) => ({
    box: segment.box,
    area: segment.area,
    meanColor: segment.meanColor,
    color: nameColor(segment.meanColor),
    shape: classifyShape(segment.solidPixels, features[index]!),
    size: sizes[index]!,
    scalePx: scales[index]!,
  }));
}

const CACHE_KEY = "pixels:objects";

/**
 * The objects of the ORIGINAL image of a request, analysed once per image and kept in the request's
 * shared cache, so a crop's "large" means large in the whole scene.
 */
export function sceneObjects(context: PerceptionContext): readonly PixelObject[] {
  const cached = context.cache.get(CACHE_KEY) as readonly PixelObject[] | undefined;
  if (cached !== undefined) return cached;
  const objects = analyzeObjects(context.original);
  context.cache.set(CACHE_KEY, objects);
  return objects;
}
