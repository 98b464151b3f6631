import { describe, expect, it } from "vitest";
import type { PatchBox } from "../../sandbox/index.ts";
import { createGroundingDinoDetector } from "../../src/mllm/transformers/index.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import { pixelToPatchBox } from "../../src/tools/patch-box.ts";
import { COCO_PHOTO, program, runWithModels, useModelFolders } from "./integration-setup.ts";

const folders = useModelFolders();

describe("find() through Grounding DINO (tiny model under onnx-community/grounding-dino-tiny-ONNX)", () => {
  it("returns the detector's boxes as patches for a label outside COCO, and exists/count agree", async () => {
    const image = await loadImage(COCO_PHOTO);
    const run = await runWithModels(image, program(`
  const found = await image.find("zebra crossing");
  return [found, await image.exists("zebra crossing"), await image.count("zebra crossing")];`), { modelsDir: folders.defaults(), detector: "grounding-dino" });
    const [found, exists, count] = run.answer as [PatchBox[], boolean, number];

    const detector = createGroundingDinoDetector({ modelsDir: folders.defaults() });
    const context = { scene: "photo" as const, original: image, region: { x0: 0, y0: 0, x1: image.width, y1: image.height }, cache: new Map() };
    const detections = await detector.detect(image, "zebra crossing", context);
    await detector.dispose?.();
    const expected = detections.map(({ box }) => pixelToPatchBox({ x0: Math.floor(box.x0), y0: Math.floor(box.y0), x1: Math.ceil(box.x1), y1: Math.ceil(box.y1) }, image.height));
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(expected);
    expect([exists, count]).toEqual([true, found.length]);
  });

  it("serves a label YOLOX would not know when listed after it (--detector yolox,grounding-dino)", async () => {
    const image = await loadImage(COCO_PHOTO);
    const models = folders.defaults();
    const run = await runWithModels(image, program(`return await image.count("zebra crossing");`), { modelsDir: models, detector: "yolox,grounding-dino" });
    expect(run.answer).toBeGreaterThan(0);
  });
});
