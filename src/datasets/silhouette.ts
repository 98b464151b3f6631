import sharp from "sharp";

/** Where one drawn object covers pixels: a square mask with the object's centre at its middle. */
export interface Silhouette {
  /** Side of the square mask in pixels (the object is drawn centred at sidePx / 2). */
  readonly sidePx: number;
  /** `sidePx * sidePx` values, row-major: 1 where the drawing covers any part of the pixel, else 0. */
  readonly mask: Uint8Array;
  /** Number of covered pixels. */
  readonly areaPx: number;
}

/**
 * Rasterises one SVG element alone (librsvg, as the scene itself is drawn) into its silhouette. The
 * element must be drawn centred at (sidePx / 2, sidePx / 2); moving it by whole pixels then moves the
 * silhouette exactly, so placement can test positions without drawing again.
 */
export async function renderSilhouette(options: { element: string; sidePx: number }): Promise<Silhouette> {
  const { element, sidePx } = options;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sidePx}" height="${sidePx}" viewBox="0 0 ${sidePx} ${sidePx}">${element}</svg>`;
  const alpha = await sharp(Buffer.from(svg)).ensureAlpha().extractChannel(3).raw().toBuffer();
  const mask = new Uint8Array(sidePx * sidePx);
  let areaPx = 0;
  for (let index = 0; index < mask.length; index++) {
    if (alpha[index]! === 0) continue;
    mask[index] = 1;
    areaPx++;
  }
  return { sidePx, mask, areaPx };
}
