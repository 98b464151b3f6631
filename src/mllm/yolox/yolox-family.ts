import { anchorCount, fixedImageSize } from "../detection/anchor-grid.ts";
import type { DetectorFamily, DetectorLayout, ModelSignature } from "../detection/detector-layout.ts";
import { gridHeadLayout } from "../detection/grid-head-layout.ts";
import { decodeYoloxOutput } from "./decode-output.ts";

/**
 * YOLOX exports (Megvii's `tools/export_onnx.py`, any size): one image input [1, 3, S, S] of BGR 0–255
 * letterboxed at the top-left with 114, one raw output [1, anchors, 5 + classes] over strides 8, 16, 32.
 */
export const YOLOX_FAMILY: DetectorFamily = Object.freeze({
  name: "yolox",
  expects: "YOLOX: one input [1,3,S,S] and one output [1,anchors,5+classes] (raw grid output, anchors = (S/8)²+(S/16)²+(S/32)², e.g. 3549 at 416, 8400 at 640)",
  recognise({ inputs, outputs }: ModelSignature): DetectorLayout | undefined {
    const [input] = inputs;
    const [output] = outputs;
    if (inputs.length !== 1 || outputs.length !== 1 || !input || !output || input.type !== "float32" || output.type !== "float32") return undefined;
    const size = fixedImageSize(input.shape);
    const [, anchors, row] = output.shape;
    if (!size || output.shape.length !== 3 || anchors !== anchorCount(size.width, size.height) || typeof row !== "number" || row < 6) return undefined;
    return yoloxLayout({ inputName: input.name, outputName: output.name, width: size.width, height: size.height, classCount: row - 5 });
  },
});

function yoloxLayout(options: { inputName: string; outputName: string; width: number; height: number; classCount: number }): DetectorLayout {
  const { width, height, classCount } = options;
  return gridHeadLayout({
    ...options,
    family: "yolox",
    format: { width, height, fit: "letterbox-top-left", channelOrder: "bgr", valueScale: 1 },
    decode: (output, minScore) => decodeYoloxOutput(output, { inputWidth: width, inputHeight: height, scoreThreshold: minScore, classCount }),
  });
}
