import sharp from "sharp";
import type { PixelBox, RgbImage } from "../mllm/rgb-image.ts";
import { loadImage } from "../tools/image-io.ts";

/** A report's picture: RGB pixels, the bytes of an image file (PNG, JPEG, ...), or its path. */
export type ReportImage = RgbImage | Uint8Array | string;

/** Options for {@link jpegDataUrl}. */
export interface JpegDataUrlOptions {
  /** The region to cut out (pixels, origin top-left). @defaultValue the whole image */
  readonly region?: PixelBox;
  /** Longest side of the result in pixels; larger images are shrunk, smaller ones kept. @defaultValue 1600 */
  readonly maxSidePx?: number;
  /** JPEG quality, 1–100. @defaultValue 82 */
  readonly quality?: number;
}

/** Reads and decodes a file or its bytes to RGB; RGB images pass through. */
export async function toRgbImage(image: ReportImage): Promise<RgbImage> {
  return typeof image === "object" && "data" in image && "width" in image ? image : loadImage(image);
}

/**
 * Encodes (a region of) an image as a `data:image/jpeg;base64,...` URL, shrunk to `maxSidePx`, so the
 * report holds its pictures inline and stays small. Null when the region is empty.
 */
export async function jpegDataUrl(image: RgbImage, options: JpegDataUrlOptions = {}): Promise<string | null> {
  const { region, maxSidePx = 1600, quality = 82 } = options;
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (region !== undefined) {
    const left = Math.max(0, Math.floor(region.x0));
    const top = Math.max(0, Math.floor(region.y0));
    const width = Math.min(image.width, Math.ceil(region.x1)) - left;
    const height = Math.min(image.height, Math.ceil(region.y1)) - top;
    if (width <= 0 || height <= 0) return null;
    pipeline = pipeline.extract({ left, top, width, height });
  }
  const bytes = await pipeline
    .resize({ width: maxSidePx, height: maxSidePx, fit: "inside", withoutEnlargement: true })
    .jpeg({ quality, mozjpeg: false })
    .toBuffer();
  return `data:image/jpeg;base64,${bytes.toString("base64")}`;
}
