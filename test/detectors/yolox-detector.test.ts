import { afterAll, describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { boxIou } from "../../src/mllm/box-geometry.ts";
import { createOnnxDetector } from "../../src/mllm/onnx-detector/index.ts";
import { cocoPhoto } from "../fixtures/coco-photos.ts";
import { describeRequiring } from "../fixtures/test-requirements.ts";
import { photoContext, YOLOX_MODELS_DIR, YOLOX_NANO_FILE } from "./coco-tiny.ts";

const detector = await createOnnxDetector({ model: "yolox-nano", modelsDir: YOLOX_MODELS_DIR });
afterAll(() => detector.dispose());

describeRequiring([YOLOX_NANO_FILE], "YOLOX-Nano (the default detector) on real coco-tiny photos", () => {
  it.each([
    ["000000454661.jpg", 3, "cars"],
    ["000000318080.jpg", 23, "bears"],
    ["000000555009.jpg", 72, "televisions"],
    ["000000047112.jpg", 46, "wine glasses"],
  ])("finds every annotated object of %s (category %i, asked as %j) with IoU >= 0.5", async (fileName, categoryId, label) => {
    const { image, boxes } = await cocoPhoto(fileName, categoryId);
    expect(boxes.length).toBeGreaterThan(1);
    const detections = await detector.detect(image, label, photoContext(image));
    expect(detections).toHaveLength(boxes.length);
    for (const box of boxes) {
      expect(Math.max(...detections.map((detection) => boxIou(detection.box, box)))).toBeGreaterThanOrEqual(0.5);
    }
    expect(detections.every((detection) => detection.label === label && detection.score >= 0.3 && detection.score <= 1)).toBe(true);
  });

  it("routes a hypernym to its classes and reuses one set of passes per image region", async () => {
    const { image, boxes } = await cocoPhoto("000000318080.jpg", 23);
    const context = photoContext(image);
    const animals = await detector.detect(image, "animals", context);
    expect(animals.length).toBeGreaterThanOrEqual(boxes.length);
    expect([...context.cache.keys()]).toEqual(["yolox-nano:all:0,0,640,480"]);
    const cached = context.cache.get("yolox-nano:all:0,0,640,480");
    await detector.detect(image, "bear", context);
    expect(context.cache.get("yolox-nano:all:0,0,640,480")).toBe(cached);
  });

  it("supports COCO labels on photos only, and refuses other labels with NO_BACKEND naming an open-vocabulary detector", async () => {
    const { image } = await cocoPhoto("000000318080.jpg", 23);
    const context = photoContext(image);
    expect(detector.supports("puppy", context)).toBe(true);
    expect(detector.supports("red car", context)).toBe(true);
    expect(detector.supports("unicorn", context)).toBe(false);
    expect(detector.supports("dog", { ...context, scene: "plain" })).toBe(false);
    const error = await detector.detect(image, "unicorn", context).catch((caught: unknown) => caught);
    expect(ViperError.hasCode(error, "NO_BACKEND")).toBe(true);
    expect((error as ViperError).message).toContain("owlv2");
  });

  it("tiles a large photo and finds no fewer objects than a single pass", async () => {
    const { image } = await cocoPhoto("000000269316.jpg", 1);
    const single = await detector.detectAllClasses(image, { tiling: false });
    const tiled = await detector.detectAllClasses(image);
    const people = (list: typeof single) => list.filter((detection) => detection.classIndex === 0 && detection.score >= 0.3).length;
    expect(tiled.some((detection) => detection.pass === "tile")).toBe(true);
    expect(single.every((detection) => detection.pass === "whole")).toBe(true);
    expect(people(tiled)).toBeGreaterThanOrEqual(people(single));
  });
});

describe("YOLOX detector model loading", () => {
  it("a missing model folder → MODEL_NOT_FOUND saying how to get the model", async () => {
    const missing = await createOnnxDetector({ model: "yolox-nano", modelsDir: "/nonexistent/models" });
    const { image } = await cocoPhoto("000000318080.jpg", 23);
    const error = await missing.detect(image, "bear", photoContext(image)).catch((caught: unknown) => caught);
    expect(ViperError.hasCode(error, "MODEL_NOT_FOUND")).toBe(true);
    expect((error as ViperError).message).toContain("viper models pull yolox-nano");
    await missing.dispose();
  });
});
