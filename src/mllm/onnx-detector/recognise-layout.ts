import { ViperError } from "../../errors/index.ts";
import type { DetectorFamily, DetectorLayout, ModelSignature } from "../detection/detector-layout.ts";
import { DETR_FAMILY } from "../detr/index.ts";
import type { OnnxTensorSignature } from "../onnx/index.ts";
import { ULTRALYTICS_FAMILY } from "../ultralytics/index.ts";
import { YOLOX_FAMILY } from "../yolox/index.ts";

/** The detector families an ONNX file can belong to, tried in this order. */
export const DETECTOR_FAMILIES: readonly DetectorFamily[] = Object.freeze([YOLOX_FAMILY, ULTRALYTICS_FAMILY, DETR_FAMILY]);

/**
 * The layout of a detector file, recognised from its own inputs and outputs (and metadata). A file no
 * family recognises → MODEL_LOAD naming the inputs and outputs found and the layouts known.
 */
export function recogniseLayout(signature: ModelSignature, modelPath: string): DetectorLayout {
  for (const family of DETECTOR_FAMILIES) {
    const layout = family.recognise(signature);
    if (layout) return layout;
  }
  throw new ViperError({
    code: "MODEL_LOAD",
    message:
      `${modelPath} is not a detector layout viper-ts knows: it has inputs ${describe(signature.inputs)} and outputs ${describe(signature.outputs)}. ` +
      `Known layouts: ${DETECTOR_FAMILIES.map((family) => family.expects).join("; ")}. Export the model in one of these layouts ` +
      "(e.g. Ultralytics `yolo export format=onnx`, YOLOX `tools/export_onnx.py`, or a DEIM/D-FINE/RT-DETR deploy export).",
    details: { modelPath, inputs: signature.inputs, outputs: signature.outputs, known: DETECTOR_FAMILIES.map((family) => family.name) },
  });
}

function describe(signatures: readonly OnnxTensorSignature[]): string {
  if (signatures.length === 0) return "(none)";
  return signatures.map((signature) => `${signature.name} ${signature.type} [${signature.shape.join(",")}]`).join(", ");
}
