export { anchorCells, anchorCount, fixedImageSize, HEAD_STRIDES, type AnchorCell } from "./anchor-grid.ts";
export { collectCandidates, detectAllClasses, mergeCandidates, type ClassDetection, type DetectAllClassesOptions, type DetectionRun } from "./detect-all-classes.ts";
export { tilingOf, type DetectionSettings, type TilingSettings } from "./detection-settings.ts";
export type { ClassCandidate, DetectorFamily, DetectorFamilyName, DetectorLayout, ModelSignature } from "./detector-layout.ts";
export { inputBoxToImage, prepareModelInput, type ModelInput, type ModelInputFormat } from "./model-input.ts";
export { planTiles, type TilePlanOptions } from "./tile-plan.ts";
export { gridHeadLayout, type GridHeadLayoutOptions } from "./grid-head-layout.ts";
