import { readFile, stat } from "node:fs/promises";
import sharp from "sharp";
import { ViperError } from "../errors/index.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";

/** Options for {@link loadImage}. */
export interface LoadImageOptions {
  /**
   * Largest accepted image, in pixels (width × height), checked from the header before decoding, so a
   * decompression bomb is refused without allocating it.
   * @defaultValue 50_000_000 (e.g. 8660 × 5773)
   */
  maxPixels?: number;
  /**
   * Largest accepted file, in bytes.
   * @defaultValue 100 MiB
   */
  maxBytes?: number;
}

const DEFAULT_MAX_PIXELS = 50_000_000;
const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Reads and decodes an image file (JPEG, PNG, WebP, GIF, TIFF, AVIF, SVG) into RGB. EXIF orientation is
 * applied and any alpha is flattened onto white. Every failure is an `IMAGE_INVALID` error that names the
 * file and what was wrong.
 */
export async function loadImage(source: string | Uint8Array, options: LoadImageOptions = {}): Promise<RgbImage> {
  const { maxPixels = DEFAULT_MAX_PIXELS, maxBytes = DEFAULT_MAX_BYTES } = options;
  const name = typeof source === "string" ? source : "<buffer>";
  const bytes = typeof source === "string" ? await readImageFile(source, maxBytes) : source;
  if (bytes.byteLength === 0) throw invalid(name, "the file is empty (0 bytes)");
  if (bytes.byteLength > maxBytes) throw invalid(name, `it is ${bytes.byteLength} bytes, more than the ${maxBytes}-byte limit`);

  let width: number;
  let height: number;
  try {
    const metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    width = metadata.autoOrient?.width ?? metadata.width ?? 0;
    height = metadata.autoOrient?.height ?? metadata.height ?? 0;
  } catch (error) {
    throw invalid(name, "it is not an image in a format viper-ts can read (JPEG, PNG, WebP, GIF, TIFF, AVIF, SVG)", error);
  }
  if (width * height > maxPixels) {
    throw invalid(name, `it is ${width}x${height} = ${width * height} pixels, more than the ${maxPixels}-pixel limit (raise maxPixels if this is intended)`, undefined, { width, height, maxPixels });
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: "error" })
      .autoOrient()
      .flatten({ background: "#ffffff" })
      .toColorspace("srgb")
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    throw invalid(name, "it could not be decoded (truncated or corrupt)", error);
  }
}

/** Encodes an RGB image as PNG (for reports, served VLMs and debugging). */
export async function encodePng(image: RgbImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer();
}

/** Encodes an RGB image as JPEG (smaller payloads for served VLMs). */
export async function encodeJpeg(image: RgbImage, quality = 90): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).jpeg({ quality }).toBuffer();
}

async function readImageFile(path: string, maxBytes: number): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw invalid(path, "it is not a file");
    size = info.size;
  } catch (error) {
    if (ViperError.isInstance(error)) throw error;
    throw invalid(path, "the file does not exist or cannot be read; check the path", error);
  }
  if (size > maxBytes) throw invalid(path, `it is ${size} bytes, more than the ${maxBytes}-byte limit`);
  return readFile(path);
}

function invalid(name: string, what: string, cause?: unknown, details: Record<string, unknown> = {}): ViperError {
  return new ViperError({
    code: "IMAGE_INVALID",
    message: `Cannot use image ${name}: ${what}.`,
    details: { image: name, ...details },
    cause,
  });
}
