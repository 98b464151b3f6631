import type { PixelBox, RgbImage } from "./rgb-image.ts";

/**
 * What kind of picture the original image is. Plain-background scenes (synthetic counting images, 2D
 * CLEVR-like scenes) go to pixel analysis; photos go to learned models.
 */
export type SceneKind = "plain" | "photo";

/** Context every capability receives with a request: facts about the ORIGINAL image, not the crop. */
export interface PerceptionContext {
  /** Kind of the original image (a crop of a photo can look plain, so this is decided once). */
  readonly scene: SceneKind;
  /** The whole original image (for judgements relative to the scene, e.g. "large", or depth maps). */
  readonly original: RgbImage;
  /** Where the request's pixels sit in the original image. */
  readonly region: PixelBox;
  /**
   * Per-original-image cache that back-ends share across the calls of a run (segmentations, embeddings,
   * depth maps). Keys are namespaced by back-end id, e.g. "pixels:segments".
   */
  readonly cache: Map<string, unknown>;
  /**
   * Records facts about how this request was served on the tool call's trace entry (`details`), e.g. the
   * in-process VLM's `{ visualTokensIn: 576, visualTokensOut: 31 }`. Absent outside a program run.
   */
  readonly report?: (details: PerceptionDetails) => void;
}

/** Facts a back-end reports about one request: short names to numbers, words or flags. */
export type PerceptionDetails = Readonly<Record<string, string | number | boolean>>;

/** One detected object, in pixel coordinates of the image that was passed to `detect`. */
export interface Detection {
  readonly box: PixelBox;
  /** Confidence in [0, 1]. */
  readonly score: number;
  /** The requested label this detection answers (as the caller spelled it). */
  readonly label: string;
}

/** Finds objects by name. Version 1 of the interface. */
export interface Detector {
  readonly specificationVersion: "v1";
  /** Stable id used in traces and options, e.g. "pixels", "yolox", "owlv2". */
  readonly id: string;
  /**
   * What the detector can name, for prompts, checks and error messages: its class names (a closed
   * vocabulary, e.g. the 80 COCO classes) or "open" (any noun phrase). `supports()` stays the final word on
   * a particular label (it also knows synonyms, plurals and the scene kind). Absent means unknown.
   */
  readonly vocabulary?: readonly string[] | "open";
  /** Scene kinds this detector serves. @defaultValue both */
  readonly scenes?: readonly SceneKind[];
  /**
   * The score a detection needs to be returned, when the detector has one threshold; answers say when a
   * count hinges on boxes scoring near it. Absent means unknown.
   */
  readonly scoreThreshold?: number;
  /** Whether this detector can look for `label` in a scene of this kind (vocabulary and scene kind). */
  supports(label: string, context: PerceptionContext): boolean;
  /** Finds every object matching `label` in `image`. */
  detect(image: RgbImage, label: string, context: PerceptionContext): Promise<Detection[]>;
  /**
   * The objects matching `label` that scored just under `scoreThreshold` (within `margin`) for the same
   * request — the boxes that would have changed the answer had the threshold been a little lower. Called
   * after `detect`, so a detector can answer from what `detect` cached. Optional.
   */
  nearMisses?(image: RgbImage, label: string, context: PerceptionContext, margin: number): Promise<Detection[]>;
  /** Frees native memory (ONNX sessions, pipelines). */
  dispose?(): Promise<void>;
}

/** Answers a question about an image in words. Version 1 of the interface. */
export interface VisualQA {
  readonly specificationVersion: "v1";
  readonly id: string;
  /** Whether this back-end can answer `question` about a scene of this kind. */
  supports(question: string, context: PerceptionContext): boolean;
  /** A short answer ("red", "3", "yes"). */
  answer(image: RgbImage, question: string, context: PerceptionContext): Promise<string>;
  dispose?(): Promise<void>;
}

/**
 * Scores how well each text describes an image (CLIP-like). Used by verify_property, best_text_match and
 * best_image_match. Version 1 of the interface.
 */
export interface TextImageScorer {
  readonly specificationVersion: "v1";
  readonly id: string;
  /** Whether this back-end can score these texts for a scene of this kind. */
  supports(texts: readonly string[], context: PerceptionContext): boolean;
  /** One probability-like score in [0, 1] per text, in order; higher means a better match. */
  score(image: RgbImage, texts: readonly string[], context: PerceptionContext): Promise<number[]>;
  dispose?(): Promise<void>;
}

/** A per-pixel depth map; larger values are farther from the camera. */
export interface DepthMap {
  readonly width: number;
  readonly height: number;
  /** `width * height` values, row-major from the top-left pixel. */
  readonly data: Float32Array;
}

/** Estimates depth for a whole image. Version 1 of the interface. */
export interface DepthEstimator {
  readonly specificationVersion: "v1";
  readonly id: string;
  depth(image: RgbImage): Promise<DepthMap>;
  dispose?(): Promise<void>;
}

/** Answers text-only questions (ViperGPT's llm_query). Version 1 of the interface. */
export interface TextModel {
  readonly specificationVersion: "v1";
  readonly id: string;
  complete(prompt: string): Promise<string>;
  dispose?(): Promise<void>;
}

/**
 * The perception back-ends a run may use. Lists are in priority order: the first back-end that supports
 * a request serves it.
 */
export interface PerceptionBackends {
  /** Decides once per original image whether it is a plain-background scene or a photo. */
  readonly classifyScene: (image: RgbImage) => SceneKind;
  readonly detectors: readonly Detector[];
  readonly visualQA: readonly VisualQA[];
  readonly scorers: readonly TextImageScorer[];
  readonly depth?: DepthEstimator;
  readonly textModel?: TextModel;
}
