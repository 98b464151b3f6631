import { COMPOSE_FAMILIES, generateComposeQuestions } from "../../datasets/compose-questions.ts";
import { generateComposeScene } from "../../datasets/compose-scene.ts";
import { imageFromRecipe, type ImageRecipe } from "../../datasets/image-recipe.ts";
import { deriveSeed } from "../../datasets/random.ts";
import type { EvalQuestion, EvalSuite } from "../eval-question.ts";

/** Options for {@link loadSyntheticComposeSuite}. */
export interface SyntheticComposeSuiteOptions {
  /** @defaultValue 1 */
  readonly seed?: number;
  /** Number of questions. @defaultValue 500 */
  readonly size?: number;
}

/** One question per family per scene, so the families are equally represented. */
const QUESTIONS_PER_SCENE = COMPOSE_FAMILIES.length;

/**
 * The compositional suite: CLEVR-like 2D scenes generated from seeds derived from `seed`, each with one
 * template question of every family it supports (count, exist, attribute, spatial, count-relation,
 * compare, extreme, superlative, extreme-is, relative-attribute, universal, count-compare), until `size`
 * questions; results are reported per family. Scene graphs are made up front (a few ms a scene); the
 * pixels are made again when a scene's questions run, so memory holds only the scenes under way.
 */
export async function loadSyntheticComposeSuite(options: SyntheticComposeSuiteOptions = {}): Promise<EvalSuite> {
  const { seed = 1, size = 500 } = options;
  const questions: EvalQuestion[] = [];
  for (let sceneIndex = 0; questions.length < size; sceneIndex++) {
    const sceneSeed = deriveSeed(seed, sceneIndex);
    const scene = await generateComposeScene({ seed: sceneSeed });
    const made = generateComposeQuestions({ scene, count: QUESTIONS_PER_SCENE });
    const recipe: ImageRecipe = { generator: "compose-scene", seed: sceneSeed };
    for (const [index, entry] of made.slice(0, size - questions.length).entries()) {
      questions.push({
        id: `compose-${sceneIndex}-${index}-${entry.family}`,
        family: entry.family,
        question: entry.question,
        expected: entry.answer,
        ...(entry.family === "count" && typeof entry.answer === "number" ? { groundTruthCount: entry.answer } : {}),
        imageKey: scene.sceneId,
        recipe,
        loadImage: () => imageFromRecipe(recipe),
      });
    }
  }
  return { name: "synthetic-compose", identity: { seed, generator: "compose-scene/2" }, questions };
}
