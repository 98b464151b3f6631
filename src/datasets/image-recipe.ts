import type { RgbImage } from "../mllm/rgb-image.ts";
import { generateComposeScene } from "./compose-scene.ts";
import { COUNT_CATEGORIES, type CountCategory } from "./count-icons.ts";
import { generateCountScene } from "./count-scene.ts";

/**
 * How to make a generated picture again, on any machine: the generator and its parameters. Plain JSON, so it
 * travels in a queue job instead of the pixels (the generators give the same picture for the same recipe).
 */
export type ImageRecipe =
  | {
      readonly generator: "count-scene";
      readonly seed: number;
      readonly category: CountCategory;
      readonly count: number;
      /** Touching and overlapping icons (generateCountScene's `crowded`). @defaultValue false */
      readonly crowded?: boolean;
    }
  | { readonly generator: "compose-scene"; readonly seed: number };

/** Makes the picture a recipe describes. */
export async function imageFromRecipe(recipe: ImageRecipe): Promise<RgbImage> {
  if (recipe.generator === "count-scene") return (await generateCountScene({ seed: recipe.seed, category: recipe.category, count: recipe.count, crowded: recipe.crowded })).image;
  return (await generateComposeScene({ seed: recipe.seed })).image;
}

/** The recipe in `value` (e.g. read from a queue job), or undefined when it is not a recipe this version makes. */
export function parseImageRecipe(value: unknown): ImageRecipe | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { generator, seed, category, count, crowded } = value as Record<string, unknown>;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0) return undefined;
  if (generator === "compose-scene") return { generator, seed };
  const isCategory = (COUNT_CATEGORIES as readonly unknown[]).includes(category);
  const isCount = typeof count === "number" && Number.isInteger(count) && count >= 1 && count <= 10;
  if (crowded !== undefined && typeof crowded !== "boolean") return undefined;
  if (generator === "count-scene" && isCategory && isCount) {
    return { generator, seed, category: category as CountCategory, count: count as number, ...(crowded === true ? { crowded } : {}) };
  }
  return undefined;
}
