import { anchorCount, fixedImageSize } from "../detection/anchor-grid.ts";
import type { DetectorFamily, DetectorLayout, ModelSignature } from "../detection/detector-layout.ts";
import { gridHeadLayout } from "../detection/grid-head-layout.ts";
import { decodeUltralyticsOutput } from "./decode-output.ts";

/** Input side Ultralytics exports use when neither the input shape nor the `imgsz` metadata fixes it. */
const DEFAULT_IMAGE_SIZE = 640;

/**
 * Ultralytics detection exports (YOLOv5u, v8, v9, v11, ...): one image input [1, 3, H, W] of RGB 0–1
 * letterboxed centred with 114, one output [1, 4 + classes, anchors] over strides 8, 16, 32. A dynamic
 * export takes its size from the `imgsz` metadata.
 */
export const ULTRALYTICS_FAMILY: DetectorFamily = Object.freeze({
  name: "ultralytics",
  expects: "Ultralytics (YOLOv5u/v8/v9/v11): one input [1,3,H,W] and one output [1,4+classes,anchors]",
  recognise({ inputs, outputs, metadata }: ModelSignature): DetectorLayout | undefined {
    const [input] = inputs;
    const [output] = outputs;
    if (inputs.length !== 1 || outputs.length !== 1 || !input || !output || input.type !== "float32" || output.type !== "float32") return undefined;
    if (input.shape.length !== 4 || input.shape[1] !== 3 || output.shape.length !== 3) return undefined;
    const size = fixedImageSize(input.shape) ?? sizeFromMetadata(metadata.imgsz);
    const [, rows, anchors] = output.shape;
    if (typeof rows !== "number" || rows < 5) return undefined;
    if (typeof anchors === "number" && anchors !== anchorCount(size.width, size.height)) return undefined;
    return ultralyticsLayout({ inputName: input.name, outputName: output.name, ...size, classCount: rows - 4 });
  },
});

function ultralyticsLayout(options: { inputName: string; outputName: string; width: number; height: number; classCount: number }): DetectorLayout {
  const { width, height, classCount } = options;
  const anchors = anchorCount(width, height);
  return gridHeadLayout({
    ...options,
    family: "ultralytics",
    format: { width, height, fit: "letterbox-centre", channelOrder: "rgb", valueScale: 1 / 255 },
    decode: (output, minScore) => decodeUltralyticsOutput(output, { anchors, classCount, scoreThreshold: minScore }),
  });
}

// Ultralytics writes `imgsz` as "[640, 640]" (height, width).
function sizeFromMetadata(imgsz: string | undefined): { width: number; height: number } {
  const [height, width = height] = (imgsz?.match(/\d+/g) ?? []).map(Number);
  return height && width ? { width, height } : { width: DEFAULT_IMAGE_SIZE, height: DEFAULT_IMAGE_SIZE };
}
