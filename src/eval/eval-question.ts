import type { ImageRecipe } from "../datasets/image-recipe.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import type { ExpectedAnswer } from "./score.ts";

/** One question of an evaluation suite, with its ground truth. */
export interface EvalQuestion {
  /** Stable id, unique within the suite; results are resumed by it. */
  readonly id: string;
  /** Question family the summary groups by ("count", "exist", "spatial", ...). */
  readonly family: string;
  readonly question: string;
  readonly expected: ExpectedAnswer;
  /** For counting questions: the true number of objects (the per-count table and chart use it). */
  readonly groundTruthCount?: number;
  /** Questions about the same picture share this key, so the picture is loaded once for all of them. */
  readonly imageKey: string;
  /** Where the picture is on disk, when it is a file (written to the results for reference). */
  readonly imagePath?: string;
  /** How the picture is generated, for generated suites: lets another machine (a queue worker) make it again. */
  readonly recipe?: ImageRecipe;
  /** Loads or generates the picture. */
  loadImage(): Promise<RgbImage>;
}

/** A loaded suite: its questions in order, and what identifies its data set for resuming. */
export interface EvalSuite {
  /** Suite name, e.g. "synthetic-count". */
  readonly name: string;
  /**
   * What makes two runs of this suite comparable (seed, size, files). A results file made with a different
   * identity is not resumed.
   */
  readonly identity: Readonly<Record<string, string | number>>;
  readonly questions: readonly EvalQuestion[];
}
