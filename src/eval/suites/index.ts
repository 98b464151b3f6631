import { ViperError } from "../../errors/index.ts";
import type { EvalSuite } from "../eval-question.ts";
import { loadCocoSuite } from "./coco-suite.ts";
import { loadQuestionsFileSuite } from "./questions-file-suite.ts";
import { loadSyntheticComposeSuite } from "./synthetic-compose-suite.ts";
import { loadSyntheticCountSuite } from "./synthetic-count-suite.ts";

/** The suites `viper eval` knows. */
export const SUITE_NAMES = ["synthetic-count", "synthetic-compose", "coco", "questions"] as const;

/** One of {@link SUITE_NAMES}. */
export type SuiteName = (typeof SUITE_NAMES)[number];

/** Options of every suite; each suite reads the ones it needs. */
export interface SuiteOptions {
  /** Seeds generated data sets and the coco suite's choices. @defaultValue 1 */
  readonly seed?: number;
  /** Size of a generated data set (images for synthetic-count, questions for synthetic-compose). @defaultValue 500 */
  readonly size?: number;
  /** synthetic-count: crowded images, whose icons touch and overlap. @defaultValue false */
  readonly crowded?: boolean;
  /** coco: a COCO instances file. */
  readonly annotationsPath?: string;
  /** coco: the images of that split. */
  readonly imagesDir?: string;
  /** questions: a questions.jsonl file. */
  readonly questionsPath?: string;
}

/** Loads a suite by name; an unknown name is an `EVAL_INPUT` error listing the suites. */
export async function loadSuite(name: string, options: SuiteOptions = {}): Promise<EvalSuite> {
  switch (name as SuiteName) {
    case "synthetic-count":
      return loadSyntheticCountSuite(options);
    case "synthetic-compose":
      return loadSyntheticComposeSuite(options);
    case "coco":
      return loadCocoSuite(options);
    case "questions":
      if (options.questionsPath === undefined) {
        throw new ViperError({
          code: "EVAL_INPUT",
          message: 'The "questions" suite needs a questions file: viper eval questions <questions.jsonl> (or --questions <file>).',
          details: { option: "--questions" },
        });
      }
      return loadQuestionsFileSuite({ questionsPath: options.questionsPath });
    default:
      throw new ViperError({
        code: "EVAL_INPUT",
        message: `Unknown suite "${name}"; the suites are ${SUITE_NAMES.join(", ")}.`,
        details: { suite: name, suites: [...SUITE_NAMES] },
      });
  }
}
