export { decodeUltralyticsOutput, type DecodeUltralyticsOptions } from "./decode-output.ts";
export { ULTRALYTICS_FAMILY } from "./ultralytics-family.ts";
