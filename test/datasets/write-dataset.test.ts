import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMPOSE_FAMILIES } from "../../src/datasets/compose-questions.ts";
import { generateComposeDataset, generateCountDataset } from "../../src/datasets/synthetic-datasets.ts";
import { writeDataset } from "../../src/datasets/write-dataset.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import { readJsonLines } from "../fixtures/json-lines.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";

const folderForTest = useTemporaryFolder({ prefix: "viper-dataset-", per: "test" });
const readLines = (file: string) => readJsonLines<Record<string, unknown>>(file);

describe("dataset writer", () => {
  it("saves counting images as PNG and one questions.jsonl line per question, paths relative to the file", async () => {
    const folder = folderForTest();
    const written = await writeDataset({ folder, items: generateCountDataset({ seed: 1, imageCount: 10, sizePx: 240 }) });
    expect(written).toMatchObject({ imageCount: 10, questionCount: 10 });
    const lines = await readLines(written.questionsFile);
    expect(lines.map((line) => line.answer)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(lines.slice(0, 5).map((line) => line.category)).toEqual(["apples", "people", "squares", "butterflies", "triangles"]);
    for (const line of lines) {
      expect(line).toMatchObject({ question: "How many objects are in this photo? Answer please with a number between 1 and 10.", family: "count" });
      const image = await loadImage(join(folder, line.image as string));
      expect([image.width, image.height]).toEqual([240, 240]);
    }
  });

  it("writes compose questions of every family with the same content for the same seed", async () => {
    const [first, second] = [join(folderForTest(), "first"), join(folderForTest(), "second")];
    await writeDataset({ folder: first, items: generateComposeDataset({ seed: 5, sceneCount: 6 }) });
    await writeDataset({ folder: second, items: generateComposeDataset({ seed: 5, sceneCount: 6 }) });
    const lines = await readLines(join(first, "questions.jsonl"));
    expect(await readFile(join(second, "questions.jsonl"), "utf8")).toBe(await readFile(join(first, "questions.jsonl"), "utf8"));
    expect(await readFile(join(second, "images/compose-00003.png"))).toEqual(await readFile(join(first, "images/compose-00003.png")));
    expect(new Set(lines.map((line) => line.family)).size).toBe(COMPOSE_FAMILIES.length);
    for (const line of lines) expect(Object.keys(line)).toEqual(["image", "question", "answer", "family", "sceneId"]);
  });
});
