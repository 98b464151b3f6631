import { describe, expect, it } from "vitest";
import type { CocoInstancesFile } from "../../src/datasets/coco-questions.ts";
import { cocoExistenceQuestions, cocoLeftRightQuestions } from "../../src/eval/suites/coco-extra-questions.ts";

// A 100×100 image: one dog on the left, one cat on the right, a crowd of people, a tiny bird.
const file: CocoInstancesFile = {
  images: [{ id: 1, file_name: "one.jpg", width: 100, height: 100 }],
  annotations: [
    { image_id: 1, category_id: 18, area: 400, iscrowd: 0, bbox: [5, 40, 20, 20] },
    { image_id: 1, category_id: 17, area: 400, iscrowd: 0, bbox: [70, 40, 20, 20] },
    { image_id: 1, category_id: 1, area: 900, iscrowd: 1, bbox: [30, 0, 30, 30] },
    { image_id: 1, category_id: 16, area: 4, iscrowd: 0, bbox: [50, 90, 2, 2] },
  ],
};

describe("coco existence questions", () => {
  it("asks about visible categories (yes) and as many unannotated ones (no)", () => {
    const questions = cocoExistenceQuestions(file, { seed: 1 });
    const yes = questions.filter((question) => question.answer === "yes").map((question) => question.question);
    expect(yes).toEqual(["Are there any cats?", "Are there any dogs?"]);
    const no = questions.filter((question) => question.answer === "no");
    expect(no).toHaveLength(2);
    // Never "no" for a category that has any annotation, crowd or tiny ones included.
    for (const question of no) expect(question.question).not.toMatch(/people|birds|cats|dogs/);
  });

  it("draws the same absent categories from the same seed", () => {
    expect(cocoExistenceQuestions(file, { seed: 3 })).toEqual(cocoExistenceQuestions(file, { seed: 3 }));
  });
});

describe("coco left/right questions", () => {
  it("compares the box centres of two categories with one visible instance each", () => {
    const questions = cocoLeftRightQuestions(file, { seed: 1 });
    expect(questions).toHaveLength(1);
    const [question] = questions;
    // The cat (id 17) comes first; it is right of the dog.
    const expected = question!.question.includes("to the right of") ? "yes" : "no";
    expect(question!.question).toMatch(/^Is the cat to the (left|right) of the dog\?$/);
    expect(question!.answer).toBe(expected);
  });

  it("skips pairs whose centres are too close to call", () => {
    const close = { ...file, annotations: [file.annotations[0]!, { ...file.annotations[1]!, bbox: [7, 10, 20, 20] }] };
    expect(cocoLeftRightQuestions(close, { seed: 1 })).toEqual([]);
  });
});
