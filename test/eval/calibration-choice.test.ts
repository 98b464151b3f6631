import { describe, expect, it } from "vitest";
import { chooseDetectionSettings, scoreCounting, type CountingSplit, type ImageCandidates } from "../../src/eval/calibration/index.ts";
import type { ClassDetection } from "../../src/mllm/detection/index.ts";
import { COCO_CLASSES, createLabelRouter } from "../../src/mllm/labels/index.ts";

const router = createLabelRouter(COCO_CLASSES.map((cocoClass) => cocoClass.name));
const DOG = COCO_CLASSES.findIndex((cocoClass) => cocoClass.name === "dog");

/** `images` photos with one annotated dog each (as the coco counting rule asks about them). */
function dogSplit(images: number): CountingSplit {
  const names = Array.from({ length: images }, (_, index) => `image-${index}.jpg`);
  return {
    annotationsPath: "synthetic",
    imagesDir: "synthetic",
    images: names,
    questions: names.map((image, imageId) => ({ image, imageId, categoryId: 18, category: "dog", question: "How many dogs are there?", answer: 1 })),
    present: new Map(names.map((image) => [image, new Set(["dog"])])),
  };
}

function dog(score: number, pass: "whole" | "tile"): ClassDetection {
  return { box: { x0: 10, y0: 10, x1: 60, y1: 60 }, score, classIndex: DOG, pass };
}

/** The whole-image pass sees the dog in the first `seenWhole` images; 208-px tiles see it in the others. */
function candidates(split: CountingSplit, seenWhole: number): Map<string, ImageCandidates> {
  return new Map(
    split.images.map((image, index) => [
      image,
      { whole: index < seenWhole ? [dog(0.9, "whole")] : [], tiles: new Map([[208, index < seenWhole ? [] : [dog(0.8, "tile")]]]), wholeMs: 10, tilesMs: new Map([[208, 40]]) },
    ]),
  );
}

describe("choosing a detector's counting settings", () => {
  it("keeps tiling when it beats one pass by at least 2% of the questions, and reports what each costs", () => {
    const split = dogSplit(50);
    const choice = chooseDetectionSettings({ split, candidates: candidates(split, 40), router, tileSizes: [208] });
    expect(choice.bestSinglePass.score.exact).toBe(40);
    expect(choice.bestTiled?.score.exact).toBe(50);
    expect(choice.settings.tiling).toMatchObject({ tileSizePx: 208 });
    expect(choice.train.exact).toBe(50);
    expect([choice.medianSinglePassMs, choice.medianMsPerImage]).toEqual([10, 50]);
  });

  it("leaves tiling off when its gain is under 2% of the questions, however cheap", () => {
    const split = dogSplit(100);
    const choice = chooseDetectionSettings({ split, candidates: candidates(split, 99), router, tileSizes: [208] });
    expect(choice.bestTiled?.score.exact).toBe(100);
    expect(choice.settings.tiling).toBe(false);
    expect(choice.train.exact).toBe(99);
  });

  it("among thresholds that count equally well takes the middle one, and keeps near misses above the candidate threshold", () => {
    const split = dogSplit(10);
    const choice = chooseDetectionSettings({ split, candidates: candidates(split, 10), router, tileSizes: [] });
    // Every threshold from 0.05 to 0.9 counts all ten dogs: the middle of that run is chosen.
    expect(choice.settings.scoreThreshold).toBeCloseTo(0.475, 3);
    expect(choice.settings.candidateThreshold).toBeLessThanOrEqual(choice.settings.scoreThreshold - 0.05);
    expect(choice.bestTiled).toBeUndefined();
  });

  it("scores false existence over COCO categories annotated nowhere in an image", () => {
    const split = dogSplit(2);
    const detections = new Map([["image-0.jpg", [dog(0.9, "whole"), { ...dog(0.9, "whole"), classIndex: 0 }]], ["image-1.jpg", [dog(0.9, "whole")]]]);
    const score = scoreCounting({ split, detections, router, scoreThreshold: 0.5 });
    expect(score).toMatchObject({ exact: 2, total: 2, underCounts: 0, overCounts: 0 });
    // One person found where none is annotated, out of 2 images × 79 absent categories.
    expect(score.falseExistenceRate).toBeCloseTo(1 / 158, 6);
  });
});
