export { createClipScorer, DEFAULT_CLIP_MODEL, DEFAULT_NEGATIVE_TEXTS, type ClipScorerOptions } from "./clip-scorer.ts";
export { createDepthEstimator, DEFAULT_DEPTH_MODEL, disparityToDepth, type DepthEstimatorOptions } from "./depth-estimator.ts";
export { locateModel, type ModelLocation } from "./model-location.ts";
export {
  createGroundingDinoDetector,
  createOwlDetector,
  DEFAULT_GROUNDING_DINO_MODEL,
  DEFAULT_OWLV2_MODEL,
  type OpenVocabularyDetectorOptions,
} from "./open-vocabulary-detector.ts";
export { TOKEN_REDUCTIONS, type TokenReduction } from "./token-reduction/index.ts";
export type { TransformersDevice, TransformersDtype, TransformersModelOptions, TransformersPrecision } from "./transformers-options.ts";
export { createTransformersVlm, DEFAULT_VLM_MODEL, type TransformersVlmOptions } from "./transformers-vlm.ts";
