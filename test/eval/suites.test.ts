import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { COUNT_QUESTION } from "../../src/datasets/count-scene.ts";
import { imageFromRecipe, parseImageRecipe } from "../../src/datasets/image-recipe.ts";
import { loadSuite, SUITE_NAMES } from "../../src/eval/suites/index.ts";
import { encodePng } from "../../src/tools/image-io.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";

const folder = useTemporaryFolder({ prefix: "viper-eval-suites-", per: "test" });
beforeEach(async () => {
  const white = { width: 4, height: 4, data: new Uint8Array(48).fill(255) };
  await writeFile(join(folder(), "white.png"), await encodePng(white));
});

async function questionsFile(lines: string[]): Promise<string> {
  const path = join(folder(), "questions.jsonl");
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}


describe("loadSuite", () => {
  it("rejects an unknown suite with an EVAL_INPUT error that lists the suites", async () => {
    const error = await rejectionOf(loadSuite("sythetic-count"));
    expect(error.code).toBe("EVAL_INPUT");
    expect(error.message).toContain('"sythetic-count"');
    for (const name of SUITE_NAMES) expect(error.message).toContain(name);
  });

  it("asks for the questions file when the questions suite has none", async () => {
    const error = await rejectionOf(loadSuite("questions"));
    expect(error.code).toBe("EVAL_INPUT");
    expect(error.message).toContain("--questions");
  });
});

describe("the questions suite", () => {
  it("reads one question a line, resolving images against the file and inferring families", async () => {
    const path = await questionsFile([
      '{"image": "white.png", "question": "How many circles are there?", "answer": 0}',
      "",
      '{"image": "white.png", "question": "Is there a square?", "answer": "no", "id": "no-square"}',
      '{"image": "./white.png", "question": "What color is the background?", "answer": "white", "family": "attribute"}',
    ]);
    const suite = await loadSuite("questions", { questionsPath: path });
    expect(suite.questions.map((question) => [question.id, question.family, question.groundTruthCount])).toEqual([
      ["line-1", "count", 0],
      ["no-square", "yes/no", undefined],
      ["line-4", "attribute", undefined],
    ]);
    const image = await suite.questions[0]!.loadImage();
    expect([image.width, image.height]).toEqual([4, 4]);
  });

  it("names the file and the line of a malformed line", async () => {
    const path = await questionsFile(['{"image": "white.png", "question": "Is there a cat?", "answer": "no"}', '{"image": "white.png", "question": ']);
    const error = await rejectionOf(loadSuite("questions", { questionsPath: path }));
    expect(error.code).toBe("EVAL_INPUT");
    expect(error.message).toContain(`${path}, line 2`);
    expect(error.details).toMatchObject({ path, line: 2 });
  });

  it("names the line of a missing field or an answer of the wrong type", async () => {
    const missing = await rejectionOf(loadSuite("questions", { questionsPath: await questionsFile(['{"image": "white.png", "answer": 1}']) }));
    expect(missing.message).toMatch(/line 1: "question" must be a non-empty string/);
    const wrongAnswer = await rejectionOf(loadSuite("questions", { questionsPath: await questionsFile(['{"image": "white.png", "question": "q?", "answer": [1]}']) }));
    expect(wrongAnswer.message).toMatch(/line 1: "answer" must be/);
  });

  it("names the line of an image that does not exist, before anything runs", async () => {
    const path = await questionsFile([
      '{"image": "white.png", "question": "Is there a cat?", "answer": "no"}',
      '{"image": "photos/missing.jpg", "question": "Is there a dog?", "answer": "yes"}',
    ]);
    const error = await rejectionOf(loadSuite("questions", { questionsPath: path }));
    expect(error.code).toBe("EVAL_INPUT");
    expect(error.message).toContain("line 2");
    expect(error.message).toContain(join(folder(), "photos/missing.jpg"));
  });

  it("rejects a duplicate id and an empty file", async () => {
    const duplicate = await rejectionOf(
      loadSuite("questions", { questionsPath: await questionsFile(['{"id": "a", "image": "white.png", "question": "q?", "answer": 1}', '{"id": "a", "image": "white.png", "question": "q?", "answer": 2}']) }),
    );
    expect(duplicate.message).toContain("line 2");
    const empty = await rejectionOf(loadSuite("questions", { questionsPath: await questionsFile([]) }));
    expect(empty.message).toContain("no questions");
  });
});

describe("the synthetic-count suite", () => {
  it("cycles counts 1–10 and the five categories, with stable ids, and generates images on demand", async () => {
    const suite = await loadSuite("synthetic-count", { seed: 7, size: 50 });
    expect(suite.questions).toHaveLength(50);
    expect(suite.questions.slice(0, 10).map((question) => question.expected)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(suite.questions.map((question) => question.id.split("-")[2])).size).toBe(5);
    expect(suite.questions.every((question) => question.question === COUNT_QUESTION && question.family === "count")).toBe(true);
    const again = await loadSuite("synthetic-count", { seed: 7, size: 50 });
    expect(again.questions.map((question) => question.imageKey)).toEqual(suite.questions.map((question) => question.imageKey));
    const image = await suite.questions[3]!.loadImage();
    expect([image.width, image.height]).toEqual([720, 720]);
  });

  it("has a crowded variant with its own name, family, ids and images", async () => {
    const plain = await loadSuite("synthetic-count", { seed: 7, size: 20 });
    const crowded = await loadSuite("synthetic-count", { seed: 7, size: 20, crowded: true });
    expect(crowded.name).toBe("synthetic-count-crowded");
    expect(crowded.identity).not.toEqual(plain.identity);
    expect(crowded.questions.map((question) => question.expected)).toEqual(plain.questions.map((question) => question.expected));
    expect(crowded.questions.every((question) => question.family === "count-crowded" && question.id.startsWith("count-crowded-"))).toBe(true);
    const [plainImage, crowdedImage] = await Promise.all([plain.questions[5]!.loadImage(), crowded.questions[5]!.loadImage()]);
    expect(Buffer.from(crowdedImage.data).equals(Buffer.from(plainImage.data))).toBe(false);
    // A queued question travels as its recipe (JSON): a worker must make the same crowded image from it.
    const recipe = parseImageRecipe(JSON.parse(JSON.stringify(crowded.questions[5]!.recipe)));
    expect(recipe).toMatchObject({ generator: "count-scene", crowded: true });
    expect(Buffer.from((await imageFromRecipe(recipe!)).data).equals(Buffer.from(crowdedImage.data))).toBe(true);
    expect(parseImageRecipe({ ...recipe, crowded: "yes" })).toBeUndefined();
  });
});

describe("the coco suite", () => {
  it("names the option when the annotation file or the image folder is wrong", async () => {
    const annotations = await rejectionOf(loadSuite("coco", { annotationsPath: join(folder(), "nope.json") }));
    expect(annotations.message).toContain("--annotations");
    const annotationsPath = join(folder(), "instances_val2017.json");
    await writeFile(annotationsPath, JSON.stringify({ images: [], annotations: [], categories: [] }));
    const images = await rejectionOf(loadSuite("coco", { annotationsPath }));
    expect(images.message).toContain("--images");
  });
});
