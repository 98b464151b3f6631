import { ViperError } from "../../errors/index.ts";
import { readImageUnderRoot } from "./image-under-root.ts";
import { ACCEPTED_FORMATS, rasterFormatOf } from "./raster-signature.ts";
import { fetchRemoteImage, type RemoteImageOptions } from "./remote-image.ts";

/** Where a front door may take a client's image from. */
export interface ImageRules {
  /** Folder that image paths are resolved in and confined to; undefined refuses paths. @defaultValue undefined */
  readonly imageRoot?: string;
  /** Whether http(s) URLs are fetched. @defaultValue false */
  readonly allowRemoteImages?: boolean;
  /** Limits on remote images (size, time, redirects, addresses). */
  readonly remote?: Omit<RemoteImageOptions, "signal">;
  /** Largest image file, decoded data or path alike, in bytes. @defaultValue 20 MiB */
  readonly maxBytes?: number;
}

/** Largest client image when the rules set none, in bytes (20 MiB). */
export const DEFAULT_IMAGE_MAX_BYTES = 20 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Linux's PATH_MAX: a longer string cannot be a path. */
const MAX_PATH_LENGTH = 4096;

/**
 * The encoded bytes of a client's image, which is one of: a `data:` URL (`data:image/png;base64,...`), the
 * base64 of a raster image, an http(s) URL (only with `allowRemoteImages`), or a path under `imageRoot`.
 * A string is read as base64 only when it decodes to a known raster signature, so paths are never mistaken
 * for it. Only raster formats are accepted.
 * @throws ViperError IMAGE_REFUSED (path outside the root, paths or URLs not allowed) or IMAGE_INVALID.
 */
export async function readRequestImage(image: string, rules: ImageRules, signal?: AbortSignal): Promise<Uint8Array> {
  const maxBytes = rules.maxBytes ?? DEFAULT_IMAGE_MAX_BYTES;
  const bytes = await readBytes(image, rules, maxBytes, signal);
  if (rasterFormatOf(bytes) === undefined) {
    throw new ViperError({ code: "IMAGE_INVALID", message: `Cannot use image ${describe(image)}: it is not a ${ACCEPTED_FORMATS} image.`, details: { image: describe(image) } });
  }
  return bytes;
}

async function readBytes(image: string, rules: ImageRules, maxBytes: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
  if (image.startsWith("data:")) return decodeDataUrl(image);
  if (/^https?:\/\//i.test(image)) {
    if (!rules.allowRemoteImages) {
      throw new ViperError({ code: "IMAGE_REFUSED", message: `Refused image URL ${describe(image)}: this server does not fetch remote images (start it with --allow-remote-images). Send the image as base64 or a data: URL.`, details: { image: describe(image) } });
    }
    return fetchRemoteImage(image, { maxBytes, ...rules.remote, signal });
  }
  const base64 = decodeBase64(image);
  // Longer than any path: base64 of something that is not a raster image, refused by the caller's check.
  if (base64 !== undefined && (rasterFormatOf(base64) !== undefined || image.length > MAX_PATH_LENGTH)) return base64;
  if (rules.imageRoot === undefined) {
    throw new ViperError({ code: "IMAGE_REFUSED", message: `Refused image path ${describe(image)}: this server takes no paths (start it with --image-root <folder>). Send the image as base64 or a data: URL.`, details: { image: describe(image) } });
  }
  return readImageUnderRoot(image, { root: rules.imageRoot, maxBytes });
}

function decodeDataUrl(image: string): Uint8Array {
  const comma = image.indexOf(",");
  const header = comma < 0 ? "" : image.slice(5, comma);
  const bytes = header.endsWith(";base64") ? decodeBase64(image.slice(comma + 1)) : undefined;
  if (bytes === undefined) {
    throw new ViperError({ code: "IMAGE_INVALID", message: "Cannot use the data: URL image: write it as data:image/<format>;base64,<base64 data>.", details: { image: describe(image) } });
  }
  return bytes;
}

function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, "base64"));
}

/** The image as error messages name it: paths and URLs as given, inline data shortened. */
function describe(image: string): string {
  if (image.startsWith("data:")) return "(data: URL)";
  return image.length > 200 ? `${image.slice(0, 200)}…` : image;
}
