export { decodeYoloxOutput, type DecodeYoloxOptions, type YoloxCandidate } from "./decode-output.ts";
export { detectAllClasses, type ClassDetection, type DetectAllClassesSettings, type TilingSettings } from "./detect-all-classes.ts";
export { letterbox, type LetterboxedInput } from "./letterbox.ts";
export { planTiles, type TilePlanOptions } from "./tile-plan.ts";
export { createYoloxDetector, type ColorFilter, type YoloxDetector, type YoloxDetectorOptions } from "./yolox-detector.ts";
export { YOLOX_DEFAULT_SETTINGS } from "./yolox-settings.ts";
