import { describe, expect, it } from "vitest";
import { cropRgb, type PixelBox } from "../../src/mllm/rgb-image.ts";
import { createPhotoColorQA, createPhotoColorScorer, dominantObjectColor } from "../../src/mllm/photo-attributes/index.ts";
import { createOnnxDetector } from "../../src/mllm/onnx-detector/index.ts";
import { cocoPhoto } from "../fixtures/coco-photos.ts";
import { describeRequiring } from "../fixtures/test-requirements.ts";
import { photoContext, YOLOX_MODELS_DIR, YOLOX_NANO_FILE } from "./coco-tiny.ts";

// Objects whose colour is obvious to a person looking at the crop (checked by eye).
const OBVIOUS = [
  { fileName: "000000402433.jpg", categoryId: 4, color: "red", what: "a red scooter on a grey table" },
  { fileName: "000000357888.jpg", categoryId: 38, color: "yellow", what: "a yellow kite held against a wall" },
  { fileName: "000000359937.jpg", categoryId: 6, color: "orange", what: "an orange double-decker bus under a blue sky" },
  { fileName: "000000560256.jpg", categoryId: 52, color: "yellow", what: "a bunch of yellow bananas in a crate" },
] as const;

async function largestObject(fileName: string, categoryId: number) {
  const { image, boxes } = await cocoPhoto(fileName, categoryId);
  const area = (box: PixelBox) => (box.x1 - box.x0) * (box.y1 - box.y0);
  const box = boxes.reduce((best, candidate) => (area(candidate) > area(best) ? candidate : best));
  return { image, box };
}

describe("colour of an object on real coco-tiny crops", () => {
  it.each(OBVIOUS)("names $what $color", async ({ fileName, categoryId, color }) => {
    const { image, box } = await largestObject(fileName, categoryId);
    expect(dominantObjectColor({ image, box })).toBe(color);
  });

  it("scores the object's colour above others for verify_property (the patch is the object's crop)", async () => {
    const { image, box } = await largestObject("000000402433.jpg", 4);
    const scorer = createPhotoColorScorer();
    const context = photoContext(image, box);
    expect(scorer.supports(["red", "blue"], context)).toBe(true);
    expect(scorer.supports(["shiny"], context)).toBe(false);
    expect(scorer.supports(["red"], { ...context, scene: "plain" })).toBe(false);
    const [red, blue, grey] = await scorer.score(cropRgb(image, box), ["red", "blue", "a grey object"], context);
    expect(red).toBe(1);
    expect(blue).toBeLessThan(0.2);
    expect(grey).toBeLessThan(0.5);
  });

});

describeRequiring([YOLOX_NANO_FILE], "colour of a detected object on a real COCO photo", () => {
  it("answers 'what color is the bus?' on the whole photo by finding the bus first", async () => {
    const { image } = await cocoPhoto("000000359937.jpg", 6);
    const detector = await createOnnxDetector({ model: "yolox-nano", modelsDir: YOLOX_MODELS_DIR });
    const qa = createPhotoColorQA({ detector });
    const context = photoContext(image);
    expect(qa.supports("What color is the bus?", context)).toBe(true);
    expect(qa.supports("What color is the unicorn?", context)).toBe(false);
    expect(qa.supports("How many buses are there?", context)).toBe(false);
    expect(await qa.answer(image, "What color is the bus?", context)).toBe("orange");
    await detector.dispose();
  });
});
