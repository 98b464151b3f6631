import { describe, expect, it } from "vitest";
import { chooseDetectionSettings, scoreCounting, type CountingSplit, type ImageCandidates } from "../../src/eval/calibration/index.ts";
import { mergeCandidates, type ClassDetection } from "../../src/mllm/detection/index.ts";
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
  it("takes Soft-NMS when it counts strictly better than greedy NMS at every IoU", () => {
    // A dog at score 0.95 and a second box beside it: a real second dog (IoU 0.2, score 0.5; IoU 0.6, score
    // 0.9) or a duplicate (IoU 0.45, score 0.55). No IoU cut with one score threshold separates the three;
    // score × exp(−IoU²/σ) does.
    const second = [
      { iou: 0.2, score: 0.5, answer: 2 },
      { iou: 0.6, score: 0.9, answer: 2 },
      { iou: 0.45, score: 0.55, answer: 1 },
    ];
    const split = dogSplit(second.length);
    const questions = split.questions.map((question, index) => ({ ...question, answer: second[index]!.answer }));
    const shiftFor = (iou: number) => (100 * (1 - iou)) / (1 + iou);
    const candidates = new Map<string, ImageCandidates>(
      split.images.map((image, index) => {
        const { iou, score } = second[index]!;
        const shift = shiftFor(iou);
        const whole: ClassDetection[] = [
          { box: { x0: 0, y0: 0, x1: 100, y1: 100 }, score: 0.95, classIndex: DOG, pass: "whole" },
          { box: { x0: shift, y0: 0, x1: 100 + shift, y1: 100 }, score, classIndex: DOG, pass: "whole" },
        ];
        return [image, { whole, tiles: new Map(), wholeMs: 10, tilesMs: new Map() }];
      }),
    );
    const greedyBest = Math.max(
      ...[0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8].flatMap((nmsIouThreshold) =>
        [0.4, 0.5, 0.525, 0.55, 0.6, 0.9].map((scoreThreshold) => {
          const detections = new Map([...candidates].map(([image, { whole }]) => [image, mergeCandidates(whole, { nmsIouThreshold, containmentThreshold: 1 })]));
          return scoreCounting({ split: { ...split, questions }, detections, router, scoreThreshold }).exact;
        }),
      ),
    );
    expect(greedyBest).toBe(2);
    const choice = chooseDetectionSettings({ split: { ...split, questions }, candidates, router, tileSizes: [] });
    expect(choice.settings.softNmsSigma).toBeDefined();
    expect(choice.train.exact).toBe(3);
  });
});
