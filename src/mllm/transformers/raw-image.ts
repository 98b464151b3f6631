import { RawImage } from "@huggingface/transformers";
import type { RgbImage } from "../rgb-image.ts";

/** Wraps an RgbImage as a transformers.js RawImage without copying the pixels. */
export function toRawImage(image: RgbImage): RawImage {
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return new RawImage(pixels, image.width, image.height, 3);
}
