/**
 * Pixel analysis: the perception back-end for plain-background scenes (synthetic counting images and 2D
 * CLEVR-like shape scenes). It needs no model: with OpenCV.js (in a worker thread) it splits the foreground
 * from the background, by colour and at the narrow necks where objects touch, and names each object's
 * colour, shape and relative size.
 */
import type { Detector, TextImageScorer, VisualQA } from "../capabilities.ts";
import { createPixelDetector } from "./pixel-detector.ts";
import { createPixelScorer } from "./pixel-scorer.ts";
import { createPixelVisualQA } from "./pixel-visual-qa.ts";

export { classifyScene } from "./classify-scene.ts";
export { COLOR_NAMES, type ColorName, nameColor, parseColorWord, type Rgb } from "./color-names.ts";
export { SHAPE_NAMES, type ShapeName } from "./shape-names.ts";
export type { SizeName } from "./object-size.ts";
export { analyzeObjects, sceneObjects, type PixelObject } from "./scene-objects.ts";
export { analyzeInWorker } from "./analysis-worker/analysis-client.ts";
export { parseObjectQuery, type ObjectQuery } from "./object-query.ts";
export { parseQuestion, type QuestionIntent } from "./question-intent.ts";
export { createPixelDetector, createPixelScorer, createPixelVisualQA };

/** The three pixel-analysis capabilities, each with id "pixels". */
export interface PixelBackends {
  readonly detector: Detector;
  readonly visualQA: VisualQA;
  readonly scorer: TextImageScorer;
}

/** Creates the pixel-analysis detector, visual QA and text–image scorer (stateless; nothing to dispose). */
export function createPixelBackends(): PixelBackends {
  return { detector: createPixelDetector(), visualQA: createPixelVisualQA(), scorer: createPixelScorer() };
}
