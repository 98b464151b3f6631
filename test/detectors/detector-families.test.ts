import { basename } from "node:path";
import { afterAll, expect, it } from "vitest";
import { boxIou } from "../../src/mllm/box-geometry.ts";
import { readOnnxMetadata } from "../../src/mllm/onnx/index.ts";
import { createOnnxDetector, type OnnxDetector } from "../../src/mllm/onnx-detector/index.ts";
import { cocoPhoto } from "../fixtures/coco-photos.ts";
import { describeRequiring, type TestModelFile } from "../fixtures/test-requirements.ts";
import { DEIMV2_FILE, photoContext, YOLOV8M_FILE, YOLOV8N_FILE, YOLOX_NANO_FILE } from "./coco-tiny.ts";

// One model of each family through the same code: the file's inputs and outputs decide how it runs.
const FAMILIES: ReadonlyArray<{ file: TestModelFile; family: string; input: number }> = [
  { file: YOLOX_NANO_FILE, family: "yolox", input: 416 },
  { file: YOLOV8N_FILE, family: "ultralytics", input: 640 },
  { file: DEIMV2_FILE, family: "detr", input: 416 },
];

const detectors = new Map<string, OnnxDetector>();
afterAll(() => Promise.all([...detectors.values()].map((detector) => detector.dispose())));

async function detectorFor(file: TestModelFile): Promise<OnnxDetector> {
  let detector = detectors.get(file.path);
  if (!detector) {
    detector = await createOnnxDetector({ model: file.path });
    detectors.set(file.path, detector);
  }
  return detector;
}

for (const { file, family, input } of FAMILIES) {
  describeRequiring([file], `${basename(file.path)} (${family}) through the generic ONNX detector`, () => familyTests(file, family, input));
}

function familyTests(file: TestModelFile, family: string, input: number): void {
  it(`is recognised as ${family} with a ${input}-px input and COCO's class names`, async () => {
    const detector = await detectorFor(file);
    const { layout, classNames } = await detector.model();
    expect([layout.family, layout.inputWidth, layout.inputHeight]).toEqual([family, input, input]);
    expect(classNames).toHaveLength(80);
    expect([classNames[0], classNames[79]]).toEqual(["person", "toothbrush"]);
  });

  it.each([
    ["000000318080.jpg", 23, "bears"],
    ["000000454661.jpg", 3, "cars"],
  ])("finds the annotated objects of %s (category %i, asked as %j) with IoU >= 0.5", async (fileName, categoryId, label) => {
    const detector = await detectorFor(file);
    const { image, boxes } = await cocoPhoto(fileName, categoryId);
    const detections = await detector.detect(image, label, photoContext(image));
    for (const box of boxes) expect(Math.max(...detections.map((detection) => boxIou(detection.box, box)))).toBeGreaterThanOrEqual(0.5);
    expect(detections.every((detection) => detection.score >= detector.scoreThreshold! && detection.label === label)).toBe(true);
  });
}

describeRequiring([YOLOV8N_FILE, YOLOX_NANO_FILE], "ONNX custom metadata", () => {
  it("reads an Ultralytics export's names and imgsz without loading its graph, and nothing from files without any", async () => {
    const metadata = await readOnnxMetadata(YOLOV8N_FILE.path);
    expect(metadata.imgsz).toBe("[640, 640]");
    expect(metadata.names).toMatch(/^\{0: 'person', 1: 'bicycle'/);
    expect(await readOnnxMetadata(YOLOX_NANO_FILE.path)).toEqual({});
  });
});

describeRequiring([YOLOV8M_FILE], "yolov8m.onnx with its calibrated settings", () => {
  it("loads with Soft-NMS chosen on train2017, and still finds each annotated object with IoU >= 0.5", async () => {
    const detector = await createOnnxDetector({ model: YOLOV8M_FILE.path });
    try {
      const loaded = await detector.model();
      expect(loaded.settingsSource).toBe("calibrated");
      expect(loaded.settings).toMatchObject({ scoreThreshold: 0.275, softNmsSigma: 0.3, tiling: false });
      const { image, boxes } = await cocoPhoto("000000318080.jpg", 23);
      const detections = await detector.detect(image, "bears", photoContext(image));
      for (const box of boxes) expect(Math.max(...detections.map((detection) => boxIou(detection.box, box)))).toBeGreaterThanOrEqual(0.5);
    } finally {
      await detector.dispose();
    }
  }, 60_000);
});
