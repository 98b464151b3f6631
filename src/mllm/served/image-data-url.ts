import sharp from "sharp";
import type { RgbImage } from "../rgb-image.ts";

/** Options for {@link imageDataUrl}. */
export interface ImageDataUrlOptions {
  /** Longer images are shrunk to this side first (smaller uploads, bounded image tokens). @defaultValue 1024 */
  readonly maxImageSidePx?: number;
  /** JPEG quality, 1-100. @defaultValue 90 */
  readonly jpegQuality?: number;
}

/** Encodes an image as a `data:image/jpeg;base64,...` URL, the image form every LangChain chat model accepts. */
export async function imageDataUrl(image: RgbImage, { maxImageSidePx = 1024, jpegQuality = 90 }: ImageDataUrlOptions = {}): Promise<string> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (Math.max(image.width, image.height) > maxImageSidePx) {
    pipeline = pipeline.resize({ width: maxImageSidePx, height: maxImageSidePx, fit: "inside" });
  }
  const jpeg = await pipeline.jpeg({ quality: jpegQuality }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString("base64")}`;
}
