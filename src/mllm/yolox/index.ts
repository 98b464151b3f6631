export { decodeYoloxOutput, type DecodeYoloxOptions } from "./decode-output.ts";
export { YOLOX_FAMILY } from "./yolox-family.ts";
