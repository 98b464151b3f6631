import type { RgbImage } from "../mllm/rgb-image.ts";
import { loadImage } from "../tools/image-io.ts";

/** An image as the agent accepts it: a file path, the encoded bytes (PNG, JPEG, ...), or decoded RGB. */
export type ImageInput = string | Uint8Array | RgbImage;

/** Decodes an {@link ImageInput}; files and bytes go through loadImage (IMAGE_INVALID on bad input). */
export async function toRgbImage(image: ImageInput): Promise<RgbImage> {
  if (typeof image === "string" || image instanceof Uint8Array) return loadImage(image);
  return image;
}
