export {
  calibrateDetector,
  calibrationTileSizes,
  chooseDetectionSettings,
  mergedDetections,
  TILING_MIN_GAIN,
  type CalibrateDetectorOptions,
  type CalibrationCandidate,
  type CalibrationResult,
  type ChooseDetectionSettingsOptions,
} from "./calibrate-detector.ts";
export { scoreCounting, type CountingScore, type ScoreCountingOptions } from "./counting-score.ts";
export { loadCountingSplit, type CountingSplit } from "./counting-split.ts";
export { collectSplitCandidates, type CollectSplitCandidatesOptions, type ImageCandidates } from "./split-candidates.ts";
