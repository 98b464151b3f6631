import { ViperError } from "../../errors/index.ts";
import type { PerceptionContext } from "../capabilities.ts";
import { analyzeInWorker } from "./analysis-worker/analysis-client.ts";
import type { PixelBox, RgbImage } from "../rgb-image.ts";
import { classifyShape, measureShape } from "./classify-shape.ts";
import { type ColorName, nameColor, type Rgb } from "./color-names.ts";
import { nameSizes, type SizeName } from "./object-size.ts";
import { loadOpenCv } from "./opencv/load-opencv.ts";
import { withMats } from "./opencv/mat-scope.ts";
import { segmentImage } from "./segment.ts";
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

/**
 * Segments an image and names every object's colour, shape and size (sizes relative to each other).
 * @throws ViperError `IMAGE_INVALID` when the pixel data does not match the size; `MODEL_LOAD` when
 * OpenCV.js cannot be loaded.
 */
export async function analyzeObjects(image: RgbImage): Promise<PixelObject[]> {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || data.length !== width * height * 3) {
    throw new ViperError({
      code: "IMAGE_INVALID",
      message: `Pixel analysis needs ${width}x${height}x3 = ${width * height * 3} bytes of RGB data, got ${data.length}; decode the image with loadImage.`,
      details: { width, height, bytes: data.length },
    });
  }
  const cv = await loadOpenCv();
  return withMats((scope) => {
    const { segments } = segmentImage({ cv, scope, image });
    const features = segments.map((segment) => measureShape({ cv, scope, solid: segment.solid, area: segment.area }));
    const scales = features.map((feature) => feature.scalePx);
    const sizes = nameSizes(scales, Math.min(image.width, image.height));
    return segments.map((segment, index) => ({
      box: segment.box,
      area: segment.area,
      meanColor: segment.meanColor,
      color: nameColor(segment.meanColor),
      shape: classifyShape(features[index]!),
      size: sizes[index]!,
      scalePx: scales[index]!,
    }));
  });
}

const CACHE_KEY = "pixels:objects";

/**
 * The objects of the ORIGINAL image of a request, analysed once per image (in the pixel-analysis worker
 * thread) and kept in the request's shared cache (concurrent requests share one analysis), so a crop's
 * "large" means large in the whole scene.
 */
export function sceneObjects(context: PerceptionContext): Promise<readonly PixelObject[]> {
  const cached = context.cache.get(CACHE_KEY) as Promise<readonly PixelObject[]> | undefined;
  if (cached !== undefined) return cached;
  const objects = analyzeInWorker(context.original);
  context.cache.set(CACHE_KEY, objects);
  // A failed analysis is not kept: the next request tries again.
  objects.catch(() => context.cache.delete(CACHE_KEY));
  return objects;
}
