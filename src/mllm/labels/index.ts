export { COCO_CLASSES, cocoClassById, cocoClassByName, type CocoClass } from "./coco-classes.ts";
export { routeCocoLabel, type CocoLabelRoute } from "./label-routing.ts";
export { unsupportedLabelError } from "./unsupported-label.ts";
