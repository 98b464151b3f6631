import type { PixelBox, RgbImage } from "../rgb-image.ts";
import type { PixelObject } from "./scene-objects.ts";

/**
 * The objects that belong to a region of the original image: those whose box centre lies inside it.
 * An object cut by a crop thus belongs to exactly one side, as with ViperGPT's centre-based spatial
 * reasoning ("a crop of the left half, then a count inside it").
 */
export function objectsInRegion(objects: readonly PixelObject[], region: PixelBox): PixelObject[] {
  return objects.filter((object) => {
    const centerX = (object.box.x0 + object.box.x1) / 2;
    const centerY = (object.box.y0 + object.box.y1) / 2;
    return centerX >= region.x0 && centerX < region.x1 && centerY >= region.y0 && centerY < region.y1;
  });
}

/**
 * The object a question about a region is about: among the region's objects (preferring those that
 * `prefer` accepts), the one with the most area inside the region.
 */
export function mainObject(objects: readonly PixelObject[], region: PixelBox, prefer: (object: PixelObject) => boolean = () => true): PixelObject | undefined {
  const inside = objectsInRegion(objects, region);
  const preferred = inside.filter(prefer);
  const candidates = preferred.length > 0 ? preferred : inside;
  let best: PixelObject | undefined;
  let bestArea = -1;
  for (const object of candidates) {
    const area = overlapArea(object.box, region);
    if (area > bestArea) [best, bestArea] = [object, area];
  }
  return best;
}

/** Maps a box of the original image into the pixels of `image`, the (possibly resized) crop of `region`. */
export function toImageBox(box: PixelBox, region: PixelBox, image: RgbImage): PixelBox {
  const scaleX = image.width / Math.max(region.x1 - region.x0, 1);
  const scaleY = image.height / Math.max(region.y1 - region.y0, 1);
  const clampX = (x: number): number => Math.min(Math.max((x - region.x0) * scaleX, 0), image.width);
  const clampY = (y: number): number => Math.min(Math.max((y - region.y0) * scaleY, 0), image.height);
  return { x0: clampX(box.x0), y0: clampY(box.y0), x1: clampX(box.x1), y1: clampY(box.y1) };
}

function overlapArea(a: PixelBox, b: PixelBox): number {
  return Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
}
