import { describe, expect, it } from "vitest";
import { boxIou } from "../../src/mllm/box-geometry.ts";
import { createGroundingDinoDetector, createOwlDetector } from "../../src/mllm/transformers/index.ts";
import { TINY_MODELS } from "../fixtures/onnx/index.ts";
import { gradientImage, photoContext, useTinyModels } from "./tiny-models-setup.ts";

const models = useTinyModels();

describe.each([
  ["OWLv2", TINY_MODELS.owlv2],
  ["OWL-ViT", TINY_MODELS.owlvit],
])("open-vocabulary detector on a tiny random %s", (_name, model) => {
  it("finds boxes for any label, inside the image, labelled as asked, above the threshold", async () => {
    const detector = createOwlDetector({ model, modelsDir: models.folder(), scoreThreshold: 0.05 });
    const image = gradientImage(64, 40);
    const detections = await detector.detect(image, "giraffe-shaped teapot", photoContext(image));
    expect(detections.length).toBeGreaterThan(0);
    for (const { box, score, label } of detections) {
      expect(label).toBe("giraffe-shaped teapot");
      expect(score).toBeGreaterThanOrEqual(0.05);
      expect(score).toBeLessThanOrEqual(1);
      expect(box.x0).toBeGreaterThanOrEqual(0);
      expect(box.y0).toBeGreaterThanOrEqual(0);
      expect(box.x1).toBeLessThanOrEqual(64);
      expect(box.y1).toBeLessThanOrEqual(40);
      expect(box.x1).toBeGreaterThan(box.x0);
      expect(box.y1).toBeGreaterThan(box.y0);
    }
    await detector.dispose?.();
  });

  it("merges duplicates (no two kept boxes overlap more than the IoU threshold) and sorts best first", async () => {
    const detector = createOwlDetector({ model, modelsDir: models.folder(), scoreThreshold: 0.01, iouThreshold: 0.3 });
    const image = gradientImage(64, 40);
    const detections = await detector.detect(image, "cube", photoContext(image));
    for (let first = 0; first < detections.length; first++) {
      for (let second = first + 1; second < detections.length; second++) {
        expect(boxIou(detections[first]!.box, detections[second]!.box)).toBeLessThanOrEqual(0.3);
        expect(detections[first]!.score).toBeGreaterThanOrEqual(detections[second]!.score);
      }
    }
    await detector.dispose?.();
  });

  it("is deterministic, and a stricter threshold keeps a subset", async () => {
    const loose = createOwlDetector({ model, modelsDir: models.folder(), scoreThreshold: 0.05 });
    const strict = createOwlDetector({ model, modelsDir: models.folder(), scoreThreshold: 0.9 });
    const image = gradientImage(64, 40);
    const first = await loose.detect(image, "dog", photoContext(image));
    expect(await loose.detect(image, "dog", photoContext(image))).toEqual(first);
    const kept = await strict.detect(image, "dog", photoContext(image));
    expect(kept.length).toBeLessThanOrEqual(first.length);
    for (const detection of kept) expect(detection.score).toBeGreaterThanOrEqual(0.9);
    await Promise.all([loose.dispose?.(), strict.dispose?.()]);
  });
});

describe("Grounding DINO detector on a tiny random model", () => {
  it("finds boxes inside the image for any label, above the threshold, best first", async () => {
    const detector = createGroundingDinoDetector({ model: TINY_MODELS.groundingDino, modelsDir: models.folder(), scoreThreshold: 0.05 });
    const image = gradientImage(64, 40);
    const detections = await detector.detect(image, "Giraffe-shaped teapot.", photoContext(image));
    expect(detector.id).toBe("grounding-dino");
    expect(detections.length).toBeGreaterThan(0);
    for (const [index, { box, score, label }] of detections.entries()) {
      expect(label).toBe("Giraffe-shaped teapot.");
      expect(score).toBeGreaterThanOrEqual(0.05);
      expect([box.x0, box.y0]).toEqual([Math.max(box.x0, 0), Math.max(box.y0, 0)]);
      expect(box.x1).toBeLessThanOrEqual(64);
      expect(box.y1).toBeLessThanOrEqual(40);
      if (index > 0) expect(score).toBeLessThanOrEqual(detections[index - 1]!.score);
    }
    await detector.dispose?.();
  });

  it("asks in Grounding DINO's prompt form, so case and a final period do not change the result", async () => {
    const detector = createGroundingDinoDetector({ model: TINY_MODELS.groundingDino, modelsDir: models.folder(), scoreThreshold: 0.05 });
    const image = gradientImage(64, 40);
    const boxes = async (label: string) => (await detector.detect(image, label, photoContext(image))).map(({ box, score }) => ({ box, score }));
    expect(await boxes("Red Kettle.")).toEqual(await boxes("red kettle"));
    await detector.dispose?.();
  });
});

describe("open-vocabulary detector routing", () => {
  it("serves any non-empty label in photos and leaves plain scenes to pixel analysis", () => {
    const detector = createOwlDetector({ model: TINY_MODELS.owlv2, modelsDir: "/nonexistent" });
    const image = gradientImage();
    expect(detector.id).toBe("owlv2");
    expect(detector.supports("unicorn", photoContext(image))).toBe(true);
    expect(detector.supports("  ", photoContext(image))).toBe(false);
    expect(detector.supports("unicorn", photoContext(image, "plain"))).toBe(false);
  });
});
