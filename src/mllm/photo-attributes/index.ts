export { dominantObjectColor, hasObjectColor, objectColorShares, type ColorNamer, type HasObjectColorOptions, type ObjectColorOptions } from "./object-color.ts";
export { colorOfText, createPhotoColorScorer, type PhotoColorScorerOptions } from "./photo-color-scorer.ts";
export { createPhotoColorQA, type PhotoColorQAOptions } from "./photo-color-qa.ts";
