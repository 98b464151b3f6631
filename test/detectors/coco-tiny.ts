import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { PerceptionContext } from "../../src/mllm/capabilities.ts";
import type { PixelBox, RgbImage } from "../../src/mllm/rgb-image.ts";
import { loadImage } from "../../src/tools/image-io.ts";

/** Shared test data (read in place, never copied into the repo). */
export const COCO_TINY = resolve("../shared/data/coco-tiny");

interface Annotation { image_id: number; category_id: number; bbox: [number, number, number, number]; iscrowd: number; id: number }

/** A val2017 photo and the boxes of its annotated, non-crowd instances of one COCO category. */
export async function valPhoto(fileName: string, categoryId: number): Promise<{ image: RgbImage; boxes: PixelBox[] }> {
  const annotations = JSON.parse(await readFile(resolve(COCO_TINY, "annotations/instances_val2017.json"), "utf8")) as {
    images: { id: number; file_name: string }[];
    annotations: Annotation[];
  };
  const imageId = annotations.images.find((image) => image.file_name === fileName)?.id;
  const boxes = annotations.annotations
    .filter((annotation) => annotation.image_id === imageId && annotation.category_id === categoryId && !annotation.iscrowd)
    .map(({ bbox: [x, y, width, height] }) => ({ x0: x, y0: y, x1: x + width, y1: y + height }));
  return { image: await loadImage(resolve(COCO_TINY, "val2017", fileName)), boxes };
}

/** A perception context for a whole photo (or a region of it). */
export function photoContext(image: RgbImage, region: PixelBox = { x0: 0, y0: 0, x1: image.width, y1: image.height }): PerceptionContext {
  return { scene: "photo", original: image, region, cache: new Map() };
}
