import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { encodePng } from "../tools/image-io.ts";
import type { DatasetItem } from "./synthetic-datasets.ts";

/** Options for {@link writeDataset}. */
export interface WriteDatasetOptions {
  /** Folder to write into (created if missing): `images/*.png` and `questions.jsonl`. */
  readonly folder: string;
  readonly items: AsyncIterable<DatasetItem> | Iterable<DatasetItem>;
}

/** What {@link writeDataset} wrote. */
export interface WrittenDataset {
  /** Path of the questions file. */
  readonly questionsFile: string;
  readonly imageCount: number;
  readonly questionCount: number;
}

/**
 * Saves a generated dataset as PNG images plus a `questions.jsonl` whose lines are
 * `{"image": "images/<file>.png", "question": ..., "answer": ..., "family": ..., "sceneId": ...}`, image
 * paths relative to the questions file (the question-file format `viper eval questions` reads).
 */
export async function writeDataset(options: WriteDatasetOptions): Promise<WrittenDataset> {
  const { folder, items } = options;
  await mkdir(join(folder, "images"), { recursive: true });
  const lines: string[] = [];
  let imageCount = 0;
  for await (const item of items) {
    const image = `images/${item.fileName}`;
    await writeFile(join(folder, image), await encodePng(item.image));
    imageCount++;
    for (const question of item.questions) lines.push(JSON.stringify({ image, ...question }));
  }
  const questionsFile = join(folder, "questions.jsonl");
  await writeFile(questionsFile, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  return { questionsFile, imageCount, questionCount: lines.length };
}
