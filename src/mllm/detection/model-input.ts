import type { PixelBox, RgbImage } from "../rgb-image.ts";

/**
 * How a detector family wants its input image: the tensor size, how the region is fitted into it, the
 * channel order and the value range. Each family module states its own.
 */
export interface ModelInputFormat {
  readonly width: number;
  readonly height: number;
  /**
   * `letterbox-top-left`: aspect kept, image at the top-left, padding right and below (YOLOX);
   * `letterbox-centre`: aspect kept, image centred, padding shared by both sides (Ultralytics);
   * `stretch`: resized to the input size, aspect not kept (DETR-family exports).
   */
  readonly fit: "letterbox-top-left" | "letterbox-centre" | "stretch";
  readonly channelOrder: "rgb" | "bgr";
  /** Factor applied to 0–255 pixel values: 1 keeps 0–255, 1/255 gives 0–1. */
  readonly valueScale: number;
  /**
   * Padding value in 0–255 units (before `valueScale`).
   * @defaultValue 114
   */
  readonly padValue?: number;
}

/** The input tensor for one image region, and how to map the model's boxes back to the image. */
export interface ModelInput {
  /** [1, 3, height, width] float32 planes. */
  readonly tensor: Float32Array;
  /** Input pixels per region pixel, horizontally and vertically (equal unless stretched). */
  readonly scaleX: number;
  readonly scaleY: number;
  /** Where the region's top-left pixel lands in the input (non-zero for a centred letterbox). */
  readonly offsetX: number;
  readonly offsetY: number;
  /** The region of the source image the tensor shows. */
  readonly region: PixelBox;
}

const DEFAULT_PAD_VALUE = 114;

/**
 * Resizes `region` of `image` into the model's input (bilinear, like OpenCV's INTER_LINEAR) in the layout
 * `format` describes: planes in the given channel order, values scaled, padding where the aspect is kept.
 */
export function prepareModelInput(image: RgbImage, region: PixelBox, format: ModelInputFormat): ModelInput {
  const { width, height, fit, channelOrder, valueScale } = format;
  const padValue = (format.padValue ?? DEFAULT_PAD_VALUE) * valueScale;
  const regionWidth = region.x1 - region.x0;
  const regionHeight = region.y1 - region.y0;
  const letterboxScale = Math.min(width / regionWidth, height / regionHeight);
  const scaleX = fit === "stretch" ? width / regionWidth : letterboxScale;
  const scaleY = fit === "stretch" ? height / regionHeight : letterboxScale;
  const outWidth = Math.min(width, Math.round(regionWidth * scaleX));
  const outHeight = Math.min(height, Math.round(regionHeight * scaleY));
  // Ultralytics rounds the two paddings so the odd pixel goes right/below (round(d/2 - 0.1)).
  const offsetX = fit === "letterbox-centre" ? Math.max(0, Math.round((width - outWidth) / 2 - 0.1)) : 0;
  const offsetY = fit === "letterbox-centre" ? Math.max(0, Math.round((height - outHeight) / 2 - 0.1)) : 0;
  const plane = width * height;
  const tensor = new Float32Array(3 * plane).fill(padValue);
  const xIndex = sampleTable(outWidth, scaleX, region.x0, region.x1);
  const yIndex = sampleTable(outHeight, scaleY, region.y0, region.y1);
  const planeOf = channelOrder === "bgr" ? [2 * plane, plane, 0] : [0, plane, 2 * plane];
  const { data } = image;
  for (let y = 0; y < outHeight; y++) {
    const top = yIndex.low[y]! * image.width;
    const bottom = yIndex.high[y]! * image.width;
    const fy = yIndex.fraction[y]!;
    const rowOffset = (y + offsetY) * width + offsetX;
    for (let x = 0; x < outWidth; x++) {
      const fx = xIndex.fraction[x]!;
      const topLeft = (top + xIndex.low[x]!) * 3;
      const topRight = (top + xIndex.high[x]!) * 3;
      const bottomLeft = (bottom + xIndex.low[x]!) * 3;
      const bottomRight = (bottom + xIndex.high[x]!) * 3;
      for (let channel = 0; channel < 3; channel++) {
        const upper = data[topLeft + channel]! + (data[topRight + channel]! - data[topLeft + channel]!) * fx;
        const lower = data[bottomLeft + channel]! + (data[bottomRight + channel]! - data[bottomLeft + channel]!) * fx;
        tensor[planeOf[channel]! + rowOffset + x] = (upper + (lower - upper) * fy) * valueScale;
      }
    }
  }
  return { tensor, scaleX, scaleY, offsetX, offsetY, region };
}

/** Maps a box in model-input pixels back to pixels of the whole image, clamped to it. */
export function inputBoxToImage(box: PixelBox, input: ModelInput, image: RgbImage): PixelBox {
  const { scaleX, scaleY, offsetX, offsetY, region } = input;
  return {
    x0: clamp((box.x0 - offsetX) / scaleX + region.x0, 0, image.width),
    y0: clamp((box.y0 - offsetY) / scaleY + region.y0, 0, image.height),
    x1: clamp((box.x1 - offsetX) / scaleX + region.x0, 0, image.width),
    y1: clamp((box.y1 - offsetY) / scaleY + region.y0, 0, image.height),
  };
}

// For each output coordinate: the two source pixels to blend and the weight of the second.
function sampleTable(count: number, scale: number, start: number, end: number) {
  const low = new Int32Array(count);
  const high = new Int32Array(count);
  const fraction = new Float32Array(count);
  for (let index = 0; index < count; index++) {
    const source = Math.min(Math.max((index + 0.5) / scale - 0.5, 0), end - start - 1);
    const floor = Math.floor(source);
    low[index] = start + floor;
    high[index] = start + Math.min(floor + 1, end - start - 1);
    fraction[index] = source - floor;
  }
  return { low, high, fraction };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
