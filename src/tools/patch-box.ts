import type { PixelBox } from "../mllm/rgb-image.ts";

/**
 * A patch's box in ViperGPT's convention: absolute coordinates in the original image, origin at the
 * bottom-left, `right > left`, `upper > lower`.
 */
export interface PatchBox {
  readonly left: number;
  readonly lower: number;
  readonly right: number;
  readonly upper: number;
}

/** The pixel box (origin top-left) of a patch in an original image `imageHeight` pixels tall. */
export function patchToPixelBox(patch: PatchBox, imageHeight: number): PixelBox {
  return { x0: patch.left, y0: imageHeight - patch.upper, x1: patch.right, y1: imageHeight - patch.lower };
}

/** The patch box of a pixel box (origin top-left) in an original image `imageHeight` pixels tall. */
export function pixelToPatchBox(box: PixelBox, imageHeight: number): PatchBox {
  return { left: box.x0, lower: imageHeight - box.y1, right: box.x1, upper: imageHeight - box.y0 };
}

/**
 * Maps a box found inside a crop (pixel coordinates of the crop, origin top-left) to an absolute patch
 * box, given the patch the crop was cut from. Rounds outwards to whole pixels and clamps to the patch.
 */
export function cropBoxToPatchBox(box: PixelBox, parent: PatchBox): PatchBox {
  const left = clamp(parent.left + Math.floor(box.x0), parent.left, parent.right);
  const right = clamp(parent.left + Math.ceil(box.x1), parent.left, parent.right);
  const upper = clamp(parent.upper - Math.floor(box.y0), parent.lower, parent.upper);
  const lower = clamp(parent.upper - Math.ceil(box.y1), parent.lower, parent.upper);
  return { left, lower, right, upper };
}

/** Area of a patch box in pixels (0 when degenerate). */
export function patchArea(box: PatchBox): number {
  return Math.max(0, box.right - box.left) * Math.max(0, box.upper - box.lower);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
