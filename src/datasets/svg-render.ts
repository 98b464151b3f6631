import sharp from "sharp";
import type { RgbImage } from "../mllm/rgb-image.ts";
import type { Rgb } from "../mllm/pixels/color-names.ts";
import { toHex } from "./palette.ts";

/** Wraps SVG elements in a document of the given size with a flat background. */
export function svgDocument(options: { widthPx: number; heightPx: number; background: Rgb; elements: readonly string[] }): string {
  const { widthPx, heightPx, background, elements } = options;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${widthPx} ${heightPx}">`,
    `<rect x="0" y="0" width="${widthPx}" height="${heightPx}" fill="${toHex(background)}"/>`,
    ...elements,
    "</svg>",
  ].join("\n");
}

/** Rasterises an SVG document (librsvg, shipped with sharp) into an RGB image at its own size. */
export async function renderSvg(svg: string): Promise<RgbImage> {
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
