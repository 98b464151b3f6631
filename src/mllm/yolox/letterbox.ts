import type { PixelBox, RgbImage } from "../rgb-image.ts";

/** YOLOX's input tensor for one image region, and how to map its boxes back. */
export interface LetterboxedInput {
  /** [1, 3, size, size] float32, BGR planes, 0–255, padding 114. */
  readonly tensor: Float32Array;
  /** Input pixels per region pixel. */
  readonly scale: number;
  /** The region of the source image the tensor shows (boxes map back by `x / scale + region.x0`). */
  readonly region: PixelBox;
}

const PAD_VALUE = 114;

/**
 * Resizes `region` of `image` (aspect kept, bilinear like OpenCV's INTER_LINEAR) into the top-left of a
 * `size`×`size` canvas padded with 114, in YOLOX's layout: BGR planes of 0–255 floats.
 */
export function letterbox(image: RgbImage, region: PixelBox, size: number): LetterboxedInput {
  const regionWidth = region.x1 - region.x0;
  const regionHeight = region.y1 - region.y0;
  const scale = Math.min(size / regionWidth, size / regionHeight);
  const outWidth = Math.min(size, Math.round(regionWidth * scale));
  const outHeight = Math.min(size, Math.round(regionHeight * scale));
  const plane = size * size;
  const tensor = new Float32Array(3 * plane).fill(PAD_VALUE);
  const xIndex = sampleTable(outWidth, scale, region.x0, region.x1);
  const yIndex = sampleTable(outHeight, scale, region.y0, region.y1);
  const { data, width } = image;
  for (let y = 0; y < outHeight; y++) {
    const top = yIndex.low[y]! * width;
    const bottom = yIndex.high[y]! * width;
    const fy = yIndex.fraction[y]!;
    for (let x = 0; x < outWidth; x++) {
      const fx = xIndex.fraction[x]!;
      const topLeft = (top + xIndex.low[x]!) * 3;
      const topRight = (top + xIndex.high[x]!) * 3;
      const bottomLeft = (bottom + xIndex.low[x]!) * 3;
      const bottomRight = (bottom + xIndex.high[x]!) * 3;
      const offset = y * size + x;
      for (let channel = 0; channel < 3; channel++) {
        const upper = data[topLeft + channel]! + (data[topRight + channel]! - data[topLeft + channel]!) * fx;
        const lower = data[bottomLeft + channel]! + (data[bottomRight + channel]! - data[bottomLeft + channel]!) * fx;
        // RGB channel c goes to BGR plane 2 - c.
        tensor[(2 - channel) * plane + offset] = upper + (lower - upper) * fy;
      }
    }
  }
  return { tensor, scale, region };
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
