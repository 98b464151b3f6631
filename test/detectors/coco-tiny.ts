import { dirname } from "node:path";
import type { PerceptionContext } from "../../src/mllm/capabilities.ts";
import type { PixelBox, RgbImage } from "../../src/mllm/rgb-image.ts";
import { testModelFile } from "../fixtures/test-requirements.ts";

/** The YOLOX-Nano file the YOLOX tests load (they skip, saying how to enable them, when it is missing). */
export const YOLOX_NANO_FILE = testModelFile("yolox_nano.onnx", { pull: "yolox-nano" });

/** An Ultralytics-layout and a DETR-family detector from the shared models folder (measurement files). */
export const YOLOV8N_FILE = testModelFile("yolov8n.onnx");
export const DEIMV2_FILE = testModelFile("deimv2_femto_coco.onnx");
/** The larger Ultralytics model whose calibrated settings use Soft-NMS (docs/BENCHMARKS.md, "Detectors"). */
export const YOLOV8M_FILE = testModelFile("yolov8m.onnx");

/** The folder holding it, for detectors that resolve (and verify) the model through the model store. */
export const YOLOX_MODELS_DIR = dirname(YOLOX_NANO_FILE.path);

/** A perception context for a whole photo (or a region of it). */
export function photoContext(image: RgbImage, region: PixelBox = { x0: 0, y0: 0, x1: image.width, y1: image.height }): PerceptionContext {
  return { scene: "photo", original: image, region, cache: new Map() };
}
