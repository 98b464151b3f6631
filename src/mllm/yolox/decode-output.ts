import { ViperError } from "../../errors/index.ts";
import type { PixelBox } from "../rgb-image.ts";

/** One candidate box from the YOLOX head, in input-tensor pixels. */
export interface YoloxCandidate {
  readonly box: PixelBox;
  /** objectness × class score. */
  readonly score: number;
  /** COCO class index (0–79). */
  readonly classIndex: number;
}

/** Options for {@link decodeYoloxOutput}. */
export interface DecodeYoloxOptions {
  /** Side of the square input, e.g. 416. */
  inputSize: number;
  /** Keep candidates scoring at least this. */
  scoreThreshold: number;
  /** @defaultValue [8, 16, 32] */
  strides?: readonly number[];
  /** @defaultValue 80 */
  classCount?: number;
}

/**
 * Decodes YOLOX's [anchors, 5 + classes] output (already sigmoided): box centre = (dx + grid x) × stride,
 * size = exp(log w) × stride; score = objectness × class score. Each anchor yields one candidate per class
 * above the threshold (class-aware, as the official multiclass NMS does).
 */
export function decodeYoloxOutput(output: Float32Array, options: DecodeYoloxOptions): YoloxCandidate[] {
  const { inputSize, scoreThreshold, strides = [8, 16, 32], classCount = 80 } = options;
  const row = 5 + classCount;
  const anchorCount = strides.reduce((sum, stride) => sum + Math.floor(inputSize / stride) ** 2, 0);
  if (anchorCount * row !== output.length) {
    throw new ViperError({
      code: "MODEL_LOAD",
      message: `YOLOX output holds ${output.length} values, expected ${anchorCount} anchors × ${row} for a ${inputSize} input; the model file is not the YOLOX-Nano export viper uses: check it with "viper models verify yolox-nano".`,
      details: { outputLength: output.length, expectedLength: anchorCount * row, inputSize },
    });
  }
  const candidates: YoloxCandidate[] = [];
  let anchor = 0;
  for (const stride of strides) {
    const cells = Math.floor(inputSize / stride);
    for (let gridY = 0; gridY < cells; gridY++) {
      for (let gridX = 0; gridX < cells; gridX++, anchor++) {
        const base = anchor * row;
        const objectness = output[base + 4]!;
        if (objectness < scoreThreshold) continue;
        const centreX = (output[base]! + gridX) * stride;
        const centreY = (output[base + 1]! + gridY) * stride;
        const halfWidth = (Math.exp(output[base + 2]!) * stride) / 2;
        const halfHeight = (Math.exp(output[base + 3]!) * stride) / 2;
        for (let classIndex = 0; classIndex < classCount; classIndex++) {
          const score = objectness * output[base + 5 + classIndex]!;
          if (score < scoreThreshold) continue;
          const box = { x0: centreX - halfWidth, y0: centreY - halfHeight, x1: centreX + halfWidth, y1: centreY + halfHeight };
          candidates.push({ box, score, classIndex });
        }
      }
    }
  }
  return candidates;
}
