import { fixedImageSize } from "../detection/anchor-grid.ts";
import type { ClassCandidate, DetectorFamily, DetectorLayout, ModelSignature } from "../detection/detector-layout.ts";
import { prepareModelInput, type ModelInputFormat } from "../detection/model-input.ts";
import type { OnnxTensorSignature } from "../onnx/index.ts";

/** Input side when the export leaves it free (RT-DETR, D-FINE and DEIM train at 640). */
const DEFAULT_IMAGE_SIZE = 640;

/**
 * End-to-end DETR-family exports (RT-DETR, D-FINE, DEIM and DEIMv2 deploy exports): inputs `images`
 * [N, 3, H, W] (RGB 0–1, resized to H × W without letterbox) and `orig_target_sizes` int64 [N, 2] (width,
 * height); outputs `labels` [N, queries] (class indices), `boxes` [N, queries, 4] (x1, y1, x2, y2 in pixels of
 * the original size) and `scores` [N, queries]. Duplicates can remain; class-wise NMS follows (detect-all-classes).
 */
export const DETR_FAMILY: DetectorFamily = Object.freeze({
  name: "detr",
  expects: "DETR family (RT-DETR, D-FINE, DEIM): inputs images [N,3,H,W] + orig_target_sizes [N,2] → outputs labels, boxes, scores",
  recognise({ inputs, outputs }: ModelSignature): DetectorLayout | undefined {
    const images = named(inputs, "images", "float32");
    const sizes = named(inputs, "orig_target_sizes", "int64");
    const labels = named(outputs, "labels", "int64");
    const boxes = named(outputs, "boxes", "float32");
    const scores = named(outputs, "scores", "float32");
    if (!images || !sizes || !labels || !boxes || !scores || inputs.length !== 2) return undefined;
    const size = fixedImageSize(images.shape) ?? { width: DEFAULT_IMAGE_SIZE, height: DEFAULT_IMAGE_SIZE };
    return detrLayout(size.width, size.height);
  },
});

function named(signatures: readonly OnnxTensorSignature[], name: string, type: string): OnnxTensorSignature | undefined {
  return signatures.find((signature) => signature.name === name && signature.type === type);
}

function detrLayout(width: number, height: number): DetectorLayout {
  const format: ModelInputFormat = { width, height, fit: "stretch", channelOrder: "rgb", valueScale: 1 / 255 };
  return {
    family: "detr",
    inputWidth: width,
    inputHeight: height,
    classCount: undefined,
    async detectRegion(session, image, region, minScore) {
      const input = prepareModelInput(image, region, format);
      const regionSize = BigInt64Array.of(BigInt(region.x1 - region.x0), BigInt(region.y1 - region.y0));
      const outputs = await session.run({
        images: { data: input.tensor, dims: [1, 3, height, width] },
        orig_target_sizes: { data: regionSize, dims: [1, 2] },
      });
      const labels = outputs.labels!.data as BigInt64Array;
      const boxes = outputs.boxes!.data as Float32Array;
      const scores = outputs.scores!.data as Float32Array;
      const candidates: ClassCandidate[] = [];
      for (let query = 0; query < scores.length; query++) {
        const score = scores[query]!;
        if (score < minScore) continue;
        const box = {
          x0: clamp(boxes[4 * query]! + region.x0, 0, image.width),
          y0: clamp(boxes[4 * query + 1]! + region.y0, 0, image.height),
          x1: clamp(boxes[4 * query + 2]! + region.x0, 0, image.width),
          y1: clamp(boxes[4 * query + 3]! + region.y0, 0, image.height),
        };
        candidates.push({ box, score, classIndex: Number(labels[query]!) });
      }
      return candidates;
    },
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
