import type { SceneKind } from "../capabilities.ts";
import type { RgbImage } from "../rgb-image.ts";
import { BACKGROUND_TOLERANCE, colorDistance, estimateBackground } from "./background.ts";

/** Smallest share of border pixels that must have the background colour for a plain scene. */
const MIN_BORDER_SHARE = 0.97;
/** Smallest share of all pixels that must have the background colour for a plain scene. */
const MIN_IMAGE_SHARE = 0.3;

/**
 * Decides whether an image is a plain-background scene (synthetic counting image, 2D shapes scene) that
 * pixel analysis can read, or a photo for learned models: plain when nearly the whole border is one
 * colour and that colour also covers a large share of the image.
 */
export function classifyScene(image: RgbImage): SceneKind {
  if (image.width < 8 || image.height < 8) return "photo";
  const background = estimateBackground(image);
  if (background.borderShare < MIN_BORDER_SHARE) return "photo";
  // Sampling every other pixel in each direction is plenty for a share and 4× cheaper.
  let near = 0;
  let total = 0;
  for (let y = 0; y < image.height; y += 2) {
    for (let x = 0; x < image.width; x += 2) {
      total++;
      if (colorDistance(image.data, (y * image.width + x) * 3, background.color) <= BACKGROUND_TOLERANCE) near++;
    }
  }
  return near / total >= MIN_IMAGE_SHARE ? "plain" : "photo";
}
