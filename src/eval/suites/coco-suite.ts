import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cocoCountingQuestions, type CocoInstancesFile } from "../../datasets/coco-questions.ts";
import { ViperError } from "../../errors/index.ts";
import { loadImage } from "../../tools/image-io.ts";
import type { EvalQuestion, EvalSuite } from "../eval-question.ts";
import { cocoExistenceQuestions, cocoLeftRightQuestions, type CocoQuestion } from "./coco-extra-questions.ts";

/** The COCO data the project uses for development: ../shared/data/coco-tiny (val2017) beside the project root. */
export const DEFAULT_COCO_ANNOTATIONS = fileURLToPath(new URL("../../../../shared/data/coco-tiny/annotations/instances_val2017.json", import.meta.url));

/** Options for {@link loadCocoSuite}. */
export interface CocoSuiteOptions {
  /** A COCO instances file. @defaultValue {@link DEFAULT_COCO_ANNOTATIONS} when it exists */
  readonly annotationsPath?: string;
  /** The images of that split. @defaultValue `<annotations folder>/../<split>` (COCO's layout) */
  readonly imagesDir?: string;
  /** Seeds the choice of absent categories and of left/right wording. @defaultValue 1 */
  readonly seed?: number;
}

/**
 * The `coco` suite on any COCO annotation file and image folder: the counting questions of the real-photos
 * issue ({@link cocoCountingQuestions}), existence questions and left/right questions
 * ({@link cocoExistenceQuestions}, {@link cocoLeftRightQuestions}). Image by image, in image-id order.
 */
export async function loadCocoSuite(options: CocoSuiteOptions = {}): Promise<EvalSuite> {
  const { seed = 1 } = options;
  const annotationsPath = resolve(options.annotationsPath ?? DEFAULT_COCO_ANNOTATIONS);
  const file = await readInstances(annotationsPath, options.annotationsPath === undefined);
  const split = /instances_(\w+)\.json$/.exec(annotationsPath)?.[1] ?? "images";
  const imagesDir = resolve(options.imagesDir ?? join(annotationsPath, "..", "..", split));
  await requireFolder(imagesDir);
  const counting: CocoQuestion[] = cocoCountingQuestions(file).map((entry) => ({
    family: "count",
    imageId: entry.imageId,
    image: entry.image,
    key: `${entry.categoryId}`,
    question: entry.question,
    answer: entry.answer,
  }));
  const all = [...counting, ...cocoExistenceQuestions(file, { seed }), ...cocoLeftRightQuestions(file, { seed })];
  const familyOrder = ["count", "exist", "left-right"];
  all.sort((a, b) => a.imageId - b.imageId || familyOrder.indexOf(a.family) - familyOrder.indexOf(b.family));
  const questions = all.map((entry): EvalQuestion => {
    const imagePath = join(imagesDir, entry.image);
    return {
      id: `coco-${entry.imageId}-${entry.family}-${entry.key}`,
      family: entry.family,
      question: entry.question,
      expected: entry.answer,
      ...(entry.family === "count" ? { groundTruthCount: entry.answer as number } : {}),
      imageKey: imagePath,
      imagePath,
      loadImage: () => loadImage(imagePath),
    };
  });
  return { name: "coco", identity: { annotations: annotationsPath, images: imagesDir, seed }, questions };
}

async function readInstances(path: string, isDefault: boolean): Promise<CocoInstancesFile> {
  let file: CocoInstancesFile;
  try {
    file = JSON.parse(await readFile(path, "utf8")) as CocoInstancesFile;
  } catch (error) {
    const hint = isDefault
      ? "The default ../shared/data/coco-tiny is not here; pass --annotations <instances_<split>.json> --images <folder>."
      : "Check --annotations: it must be a COCO instances_<split>.json file.";
    throw new ViperError({ code: "EVAL_INPUT", message: `Cannot read COCO annotations ${path} (${(error as Error).message}). ${hint}`, details: { option: "--annotations", path }, cause: error });
  }
  if (!Array.isArray(file.images) || !Array.isArray(file.annotations)) {
    throw new ViperError({ code: "EVAL_INPUT", message: `--annotations ${path} is not a COCO instances file (it needs "images" and "annotations" arrays).`, details: { option: "--annotations", path } });
  }
  return file;
}

async function requireFolder(path: string): Promise<void> {
  const isFolder = await stat(path).then((stats) => stats.isDirectory(), () => false);
  if (!isFolder) {
    throw new ViperError({ code: "EVAL_INPUT", message: `COCO image folder ${path} does not exist; pass --images <folder with the split's images>.`, details: { option: "--images", path } });
  }
}
