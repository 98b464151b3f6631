import { ViperError } from "../../errors/index.ts";
import { COCO_CLASSES } from "../labels/index.ts";
import type { OnnxTensorSignature } from "../onnx/index.ts";

/** A model viper-ts knows how to find, download and verify. Entries are plain data (tests make their own). */
export interface ModelEntry {
  /** Stable id used on the command line, e.g. "yolox-nano". */
  readonly id: string;
  /** One-line description for `viper models list`. */
  readonly description: string;
  /** File name inside a models folder. */
  readonly fileName: string;
  /** Official download URL. */
  readonly url: string;
  /** Size of the official file in bytes (a download of any other size is rejected). */
  readonly sizeBytes: number;
  /** Lower-case hex sha256 of every accepted file; the first is the official download's. */
  readonly sha256: readonly string[];
  /**
   * True when the listed size and checksum come from public records that could not be checked against the
   * official file here: a download with another size or checksum is then accepted when its ONNX signature
   * matches, and its sha256 is printed so it can be pinned (docs/MODELS.md). @defaultValue false
   */
  readonly acceptBySignature?: boolean;
  /**
   * ONNX inputs and outputs a local file must have to be accepted when its checksum is not listed (re-exports
   * of the same weights differ in bytes). Omitted: only the checksums are accepted.
   */
  readonly signature?: { readonly inputs: readonly OnnxTensorSignature[]; readonly outputs: readonly OnnxTensorSignature[] };
  /** Licence of the weights. */
  readonly licence: string;
  /** Class names in the model's output order, for files that do not carry them. @defaultValue none */
  readonly classNames?: readonly string[];
}

const COCO_NAMES: readonly string[] = Object.freeze(COCO_CLASSES.map((cocoClass) => cocoClass.name));
const YOLOX_RELEASE = "https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0";

/** YOLOX-Nano, COCO 80 classes, from Megvii's official release. */
export const YOLOX_NANO: ModelEntry = Object.freeze({
  id: "yolox-nano",
  description: "YOLOX-Nano object detector, 80 COCO classes, 416x416 (Megvii, ONNX)",
  fileName: "yolox_nano.onnx",
  url: `${YOLOX_RELEASE}/yolox_nano.onnx`,
  sizeBytes: 3_659_407,
  sha256: [
    "c789161ed43c8269fcd4e67c67eeeb4e80c622da2eb296a20bc6007bd18a0b7d",
    // A public re-export of the same weights with the same inputs and outputs (used for offline CI).
    "e8af074932d4ed7e232278e3055cefcdea3edf178874a3694ae292649fb464dd",
  ],
  signature: {
    inputs: [{ name: "images", type: "float32", shape: [1, 3, 416, 416] }],
    outputs: [{ name: "output", type: "float32", shape: [1, 3549, 85] }],
  },
  licence: "Apache-2.0",
  classNames: COCO_NAMES,
});

/**
 * The larger YOLOX models of the same official release (Apache-2.0). Sizes and checksums are as the
 * release's files are recorded in several independent public model registries (which agree with each other
 * and give YOLOX-Nano's official checksum above); they could not be downloaded here, so a download that
 * differs is accepted by its ONNX signature and its sha256 printed (acceptBySignature).
 */
function largerYolox(options: { size: string; name: string; inputSize: number; sizeBytes: number; sha256: string; apPercent: number }): ModelEntry {
  const { size, name, inputSize, sizeBytes, sha256, apPercent } = options;
  const anchors = (inputSize / 8) ** 2 + (inputSize / 16) ** 2 + (inputSize / 32) ** 2;
  return Object.freeze({
    id: `yolox-${size}`,
    description: `${name} object detector, 80 COCO classes, ${inputSize}x${inputSize}, ${apPercent} COCO AP (Megvii, ONNX)`,
    fileName: `yolox_${size}.onnx`,
    url: `${YOLOX_RELEASE}/yolox_${size}.onnx`,
    sizeBytes,
    sha256: [sha256],
    acceptBySignature: true,
    signature: {
      inputs: [{ name: "images", type: "float32", shape: [1, 3, inputSize, inputSize] }],
      outputs: [{ name: "output", type: "float32", shape: [1, anchors, 85] }],
    },
    licence: "Apache-2.0",
    classNames: COCO_NAMES,
  });
}

/** Every model the store knows, by id. Only Apache-2.0 weights: the store never downloads GPL/AGPL ones. */
export const MODEL_REGISTRY: readonly ModelEntry[] = Object.freeze([
  YOLOX_NANO,
  largerYolox({ size: "tiny", name: "YOLOX-Tiny", inputSize: 416, sizeBytes: 20_219_662, sha256: "427cc366d34e27ff7a03e2899b5e3671425c262ea2291f88bb942bc1cc70b0f7", apPercent: 32.8 }),
  largerYolox({ size: "s", name: "YOLOX-S", inputSize: 640, sizeBytes: 35_858_002, sha256: "c5c2d13e59ae883e6af3b45daea64af4833a4951c92d116ec270d9ddbe998063", apPercent: 40.5 }),
  largerYolox({ size: "m", name: "YOLOX-M", inputSize: 640, sizeBytes: 101_259_744, sha256: "21ff6cfdeb53b013bac2249599e55f00bff3cfdfdab37ed7a4620818c1d15b3f", apPercent: 47.2 }),
  largerYolox({ size: "l", name: "YOLOX-L", inputSize: 640, sizeBytes: 216_746_733, sha256: "7860ae79de6c89a3c1eb72ae9a2756c0ccfbe04b7791bb5880afabd97855a411", apPercent: 50.1 }),
  largerYolox({ size: "x", name: "YOLOX-X", inputSize: 640, sizeBytes: 396_142_663, sha256: "c892d7aaf1c4746d8a4d675bec669a4db4f434b4ee1efb654bc9b353379c7c55", apPercent: 51.5 }),
]);

/** The registry entry with this id; MODEL_NOT_FOUND listing the known ids otherwise. */
export function getModelEntry(id: string, registry: readonly ModelEntry[] = MODEL_REGISTRY): ModelEntry {
  const entry = registry.find((candidate) => candidate.id === id);
  if (entry) return entry;
  throw new ViperError({
    code: "MODEL_NOT_FOUND",
    message: `Unknown model "${id}". Known models: ${registry.map((candidate) => candidate.id).join(", ")}.`,
    details: { model: id, known: registry.map((candidate) => candidate.id) },
  });
}
