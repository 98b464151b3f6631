/** Raster formats the server accepts from clients, by their leading bytes. */
const SIGNATURES: ReadonlyArray<{ readonly format: string; readonly matches: (bytes: Uint8Array) => boolean }> = [
  { format: "png", matches: (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { format: "jpeg", matches: (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]) },
  { format: "gif", matches: (bytes) => startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) },
  { format: "webp", matches: (bytes) => startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes.subarray(8), [0x57, 0x45, 0x42, 0x50]) },
  { format: "tiff", matches: (bytes) => startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]) },
  // AVIF and HEIF: an ISO-BMFF "ftyp" box first.
  { format: "avif", matches: (bytes) => startsWith(bytes.subarray(4), [0x66, 0x74, 0x79, 0x70]) },
];

/** The names of the accepted formats, for error messages. */
export const ACCEPTED_FORMATS = "PNG, JPEG, GIF, WebP, TIFF or AVIF";

/**
 * The raster format `bytes` start with, or undefined. Clients' images must be raster: SVG is refused because
 * rendering it can reach for other files and URLs, which a server must not do on a client's behalf.
 */
export function rasterFormatOf(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find((signature) => signature.matches(bytes))?.format;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((value, index) => bytes[index] === value);
}
