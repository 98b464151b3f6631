import type { OnnxSession, OnnxTensorSignature } from "../onnx/index.ts";
import type { PixelBox, RgbImage } from "../rgb-image.ts";

/** One candidate object of one class, in pixels of the whole image. */
export interface ClassCandidate {
  readonly box: PixelBox;
  readonly score: number;
  /** Index into the model's class list. */
  readonly classIndex: number;
}

/** The family names viper-ts recognises, for messages and settings. */
export type DetectorFamilyName = "yolox" | "ultralytics" | "detr";

/**
 * How to run one recognised ONNX detector: what it takes, how many classes it scores, and how to turn one
 * image region into candidates. Made by a {@link DetectorFamily} from the file's inputs and outputs.
 */
export interface DetectorLayout {
  readonly family: DetectorFamilyName;
  /** Input side in pixels (the tile size that suits the model). */
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** Classes the output scores, when its shape says so; undefined when the output gives class indices (DETR). */
  readonly classCount: number | undefined;
  /** Runs the model on `region` of `image`; returns candidates of every class scoring at least `minScore`. */
  detectRegion(session: OnnxSession, image: RgbImage, region: PixelBox, minScore: number): Promise<ClassCandidate[]>;
}

/** A model file's inputs and outputs and its custom metadata: all a family looks at to recognise it. */
export interface ModelSignature {
  readonly inputs: readonly OnnxTensorSignature[];
  readonly outputs: readonly OnnxTensorSignature[];
  /** ONNX `metadata_props` (e.g. Ultralytics' `imgsz`). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** One detector family: recognises its layout from a file's signature. */
export interface DetectorFamily {
  readonly name: DetectorFamilyName;
  /** The inputs and outputs it recognises, in one line, for the unknown-layout error. */
  readonly expects: string;
  /** The layout to run the model with, or undefined when the signature is not this family's. */
  recognise(signature: ModelSignature): DetectorLayout | undefined;
}
