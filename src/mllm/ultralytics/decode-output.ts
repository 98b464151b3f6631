import { ViperError } from "../../errors/index.ts";
import type { ClassCandidate } from "../detection/detector-layout.ts";

/** Options for {@link decodeUltralyticsOutput}. */
export interface DecodeUltralyticsOptions {
  /** Number of predictions (the output's last axis). */
  anchors: number;
  classCount: number;
  /** Keep candidates scoring at least this. */
  scoreThreshold: number;
}

/**
 * Decodes an Ultralytics detection head's [4 + classes, anchors] output: rows 0–3 are the box centre x,
 * centre y, width and height in input pixels, the other rows one probability per class (no objectness).
 * Each prediction yields its best class only, as Ultralytics' own NMS does by default. Boxes are in input pixels.
 */
export function decodeUltralyticsOutput(output: Float32Array, options: DecodeUltralyticsOptions): ClassCandidate[] {
  const { anchors, classCount, scoreThreshold } = options;
  if (output.length !== anchors * (4 + classCount)) {
    throw new ViperError({
      code: "MODEL_LOAD",
      message: `Ultralytics output holds ${output.length} values, expected ${4 + classCount} rows × ${anchors} predictions; the model file does not match its declared output shape.`,
      details: { outputLength: output.length, anchors, classCount },
    });
  }
  const candidates: ClassCandidate[] = [];
  for (let anchor = 0; anchor < anchors; anchor++) {
    let best = -1;
    let bestScore = scoreThreshold;
    for (let classIndex = 0; classIndex < classCount; classIndex++) {
      const score = output[(4 + classIndex) * anchors + anchor]!;
      if (score >= bestScore) [best, bestScore] = [classIndex, score];
    }
    if (best < 0) continue;
    const centreX = output[anchor]!;
    const centreY = output[anchors + anchor]!;
    const halfWidth = output[2 * anchors + anchor]! / 2;
    const halfHeight = output[3 * anchors + anchor]! / 2;
    const box = { x0: centreX - halfWidth, y0: centreY - halfHeight, x1: centreX + halfWidth, y1: centreY + halfHeight };
    candidates.push({ box, score: bestScore, classIndex: best });
  }
  return candidates;
}
