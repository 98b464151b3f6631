import type { RgbImage } from "../mllm/rgb-image.ts";
import { generateComposeScene } from "./compose-scene.ts";
import { COMPOSE_FAMILIES, type ComposeFamily, generateComposeQuestions } from "./compose-questions.ts";
import { COUNT_CATEGORIES } from "./count-icons.ts";
import { COUNT_QUESTION, generateCountScene } from "./count-scene.ts";
import { deriveSeed } from "./random.ts";

/** One question of a generated dataset, as written to questions.jsonl (plus `image`). */
export interface DatasetQuestion {
  readonly question: string;
  readonly answer: number | string;
  /** Question family: "count" for counting images, a {@link ComposeFamily} for shape scenes. */
  readonly family: string;
  readonly sceneId: string;
  /** Counting images only: the object category ("apples", "people", ...), for per-category results. */
  readonly category?: string;
}

/** One image of a generated dataset and the questions about it. */
export interface DatasetItem {
  /** File name to save the image under, e.g. "count-00007.png". */
  readonly fileName: string;
  readonly image: RgbImage;
  readonly questions: readonly DatasetQuestion[];
}

/** Options for {@link generateCountDataset}. */
export interface CountDatasetOptions {
  readonly seed: number;
  /** Number of images (one question each). */
  readonly imageCount: number;
  /** @defaultValue 720 */
  readonly sizePx?: number;
}

/**
 * The `synthetic-count` dataset (CCNL-style): image i shows category i mod 5 and ⌊i / 5⌋ mod 10 + 1
 * objects, so every 50 images cover each category with each count from 1 to 10 once.
 */
export async function* generateCountDataset(options: CountDatasetOptions): AsyncGenerator<DatasetItem> {
  const { seed, imageCount, sizePx = 720 } = options;
  for (let index = 0; index < imageCount; index++) {
    const scene = await generateCountScene({
      seed: deriveSeed(seed, index),
      category: COUNT_CATEGORIES[index % COUNT_CATEGORIES.length]!,
      count: (Math.floor(index / COUNT_CATEGORIES.length) % 10) + 1,
      sizePx,
    });
    yield {
      fileName: `count-${String(index).padStart(5, "0")}.png`,
      image: scene.image,
      questions: [{ question: COUNT_QUESTION, answer: scene.count, family: "count", sceneId: scene.sceneId, category: scene.category }],
    };
  }
}

/** Options for {@link generateComposeDataset}. */
export interface ComposeDatasetOptions {
  readonly seed: number;
  readonly sceneCount: number;
  /** @defaultValue one per family (COMPOSE_FAMILIES.length) */
  readonly questionsPerScene?: number;
  /** @defaultValue all families */
  readonly families?: readonly ComposeFamily[];
  /** @defaultValue 480 */
  readonly widthPx?: number;
  /** @defaultValue 320 */
  readonly heightPx?: number;
}

/** The `synthetic-compose` dataset: CLEVR-like shape scenes with template questions from each family. */
export async function* generateComposeDataset(options: ComposeDatasetOptions): AsyncGenerator<DatasetItem> {
  const { seed, sceneCount, questionsPerScene = COMPOSE_FAMILIES.length, families, widthPx, heightPx } = options;
  for (let index = 0; index < sceneCount; index++) {
    const scene = await generateComposeScene({ seed: deriveSeed(seed, index), ...(widthPx === undefined ? {} : { widthPx }), ...(heightPx === undefined ? {} : { heightPx }) });
    const questions = generateComposeQuestions({ scene, count: questionsPerScene, ...(families === undefined ? {} : { families }) });
    yield {
      fileName: `compose-${String(index).padStart(5, "0")}.png`,
      image: scene.image,
      questions: questions.map(({ question, answer, family, sceneId }) => ({ question, answer, family, sceneId })),
    };
  }
}
