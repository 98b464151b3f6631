import { ViperError } from "../../errors/index.ts";
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
   * ONNX inputs and outputs a local file must have to be accepted when its checksum is not listed (re-exports
   * of the same weights differ in bytes). Omitted: only the checksums are accepted.
   */
  readonly signature?: { readonly inputs: readonly OnnxTensorSignature[]; readonly outputs: readonly OnnxTensorSignature[] };
  /** Licence of the weights. */
  readonly licence: string;
}

/** YOLOX-Nano, COCO 80 classes, from Megvii's official release. */
export const YOLOX_NANO: ModelEntry = Object.freeze({
  id: "yolox-nano",
  description: "YOLOX-Nano object detector, 80 COCO classes, 416x416 (Megvii, ONNX)",
  fileName: "yolox_nano.onnx",
  url: "https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx",
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
});

/** Every model the store knows, by id. */
export const MODEL_REGISTRY: readonly ModelEntry[] = Object.freeze([YOLOX_NANO]);

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
