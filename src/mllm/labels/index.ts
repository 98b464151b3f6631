export { COCO_CLASSES, cocoClassById, cocoClassByName, type CocoClass } from "./coco-classes.ts";
export { createLabelRouter, routeCocoLabel, type CocoLabelRoute, type LabelRoute, type LabelRouter } from "./label-routing.ts";
export { describeVocabulary, unsupportedLabelError } from "./unsupported-label.ts";
