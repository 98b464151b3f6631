import { ViperError } from "../../errors/index.ts";
import { anchorCells } from "../detection/anchor-grid.ts";
import type { ClassCandidate } from "../detection/detector-layout.ts";

/** Options for {@link decodeYoloxOutput}. */
export interface DecodeYoloxOptions {
  /** Input size in pixels, e.g. 416 × 416 (nano, tiny) or 640 × 640 (s, m, l, x). */
  inputWidth: number;
  inputHeight: number;
  /** Keep candidates scoring at least this. */
  scoreThreshold: number;
  /** @defaultValue 80 */
  classCount?: number;
}

/**
 * Decodes YOLOX's raw [anchors, 5 + classes] output (already sigmoided): box centre = (dx + grid x) ×
 * stride, size = exp(log w) × stride; score = objectness × class score. Each anchor yields one candidate
 * per class above the threshold (class-aware, as the official multiclass NMS does). Boxes are in input pixels.
 */
export function decodeYoloxOutput(output: Float32Array, options: DecodeYoloxOptions): ClassCandidate[] {
  const { inputWidth, inputHeight, scoreThreshold, classCount = 80 } = options;
  const row = 5 + classCount;
  const cells = anchorCells(inputWidth, inputHeight);
  if (cells.length * row !== output.length) {
    throw new ViperError({
      code: "MODEL_LOAD",
      message: `YOLOX output holds ${output.length} values, expected ${cells.length} anchors × ${row} for a ${inputWidth}×${inputHeight} input; the model file is not a YOLOX export of that size: check it with "viper models verify".`,
      details: { outputLength: output.length, expectedLength: cells.length * row, inputWidth, inputHeight },
    });
  }
  const candidates: ClassCandidate[] = [];
  for (const [anchor, { stride, gridX, gridY }] of cells.entries()) {
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
  return candidates;
}
