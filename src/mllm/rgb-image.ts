import { ViperError } from "../errors/index.ts";

/**
 * A decoded image: 8-bit RGB, rows top to bottom, 3 bytes a pixel, no padding. Every perception back-end
 * takes this; conversion to tensors happens inside each back-end.
 */
export interface RgbImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** `width * height * 3` bytes, RGB, row-major from the top-left pixel. */
  readonly data: Uint8Array;
}

/** A box in pixel coordinates of one image: origin top-left, `x1`/`y1` exclusive. */
export interface PixelBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Copies the pixels inside `box` (clamped to the image) into a new image. */
export function cropRgb(image: RgbImage, box: PixelBox): RgbImage {
  const x0 = clamp(Math.floor(box.x0), 0, image.width);
  const y0 = clamp(Math.floor(box.y0), 0, image.height);
  const x1 = clamp(Math.ceil(box.x1), x0, image.width);
  const y1 = clamp(Math.ceil(box.y1), y0, image.height);
  const width = x1 - x0;
  const height = y1 - y0;
  if (width === 0 || height === 0) {
    throw new ViperError({
      code: "TOOL_ARGUMENT",
      message: `Cannot crop an empty region (${box.x0},${box.y0})-(${box.x1},${box.y1}) of a ${image.width}x${image.height} image.`,
      details: { box },
    });
  }
  if (x0 === 0 && y0 === 0 && width === image.width && height === image.height) return image;
  const data = new Uint8Array(width * height * 3);
  const rowBytes = width * 3;
  for (let row = 0; row < height; row++) {
    const start = ((y0 + row) * image.width + x0) * 3;
    data.set(image.data.subarray(start, start + rowBytes), row * rowBytes);
  }
  return { width, height, data };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
