import { COUNT_CATEGORIES } from "../../datasets/count-icons.ts";
import { COUNT_QUESTION } from "../../datasets/count-scene.ts";
import { imageFromRecipe, type ImageRecipe } from "../../datasets/image-recipe.ts";
import { deriveSeed } from "../../datasets/random.ts";
import type { EvalQuestion, EvalSuite } from "../eval-question.ts";

/** Options for {@link loadSyntheticCountSuite}. */
export interface SyntheticCountSuiteOptions {
  /** @defaultValue 1 */
  readonly seed?: number;
  /** Number of images (one question each). @defaultValue 500 */
  readonly size?: number;
  /**
   * Crowded images: each icon touches or overlaps another (see generateCountScene's `crowded`). The suite
   * is then "synthetic-count-crowded" and its questions form the family "count-crowded".
   * @defaultValue false
   */
  readonly crowded?: boolean;
}

/**
 * The CCNL-style counting suite: `size` generated 720×720 images with 1–10 icons of one category (apart,
 * or touching and overlapping when `crowded`), asked
 * "How many objects are in this photo? ...". Counts cycle 1..10 and categories cycle every ten images, so
 * every count and category is equally represented; each image has its own seed derived from `seed`.
 * Images are generated when their question runs, not up front.
 */
export function loadSyntheticCountSuite(options: SyntheticCountSuiteOptions = {}): EvalSuite {
  const { seed = 1, size = 500, crowded = false } = options;
  const family = crowded ? "count-crowded" : "count";
  const questions = Array.from({ length: size }, (_, index): EvalQuestion => {
    const count = 1 + (index % 10);
    const category = COUNT_CATEGORIES[Math.floor(index / 10) % COUNT_CATEGORIES.length]!;
    const sceneSeed = deriveSeed(seed, index);
    const recipe: ImageRecipe = { generator: "count-scene", seed: sceneSeed, category, count, ...(crowded ? { crowded } : {}) };
    return {
      id: `${family}-${index}-${category}`,
      family,
      question: COUNT_QUESTION,
      expected: count,
      groundTruthCount: count,
      imageKey: `${family}-${sceneSeed}`,
      recipe,
      loadImage: () => imageFromRecipe(recipe),
    };
  });
  return crowded
    ? { name: "synthetic-count-crowded", identity: { seed, generator: "count-scene-crowded/1" }, questions }
    : { name: "synthetic-count", identity: { seed, generator: "count-scene/1" }, questions };
}
