import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { ViperError } from "../errors/index.ts";
import { cocoClassById } from "../mllm/labels/index.ts";

/** The parts of a COCO instances file the question generator reads. */
export interface CocoInstancesFile {
  readonly images: ReadonlyArray<{ readonly id: number; readonly file_name: string; readonly width: number; readonly height: number }>;
  readonly annotations: ReadonlyArray<{ readonly image_id: number; readonly category_id: number; readonly area: number; readonly iscrowd: number; readonly bbox?: readonly number[] }>;
}

/** One counting question about one image. */
export interface CocoCountingQuestion {
  /** Image file name, relative to the images folder. */
  readonly image: string;
  readonly imageId: number;
  readonly categoryId: number;
  /** COCO category name, e.g. "cell phone" (what the program passes to find). */
  readonly category: string;
  /** "How many cell phones are there?" */
  readonly question: string;
  /** Number of annotated instances. */
  readonly answer: number;
}

/** Options for {@link cocoCountingQuestions}. */
export interface CocoCountingQuestionOptions {
  /**
   * Every instance of the category must cover at least this fraction of the image (COCO `area`), so the
   * answer does not hinge on specks.
   * @defaultValue 0.005
   */
  minAreaFraction?: number;
  /** @defaultValue 1 */
  minCount?: number;
  /** @defaultValue 10 */
  maxCount?: number;
}

/**
 * Generates the counting questions of the `coco` suite: for each image and category with 1 to 10 non-crowd
 * instances, every one of area ≥ 0.5% of the image, "How many <plural> are there?" with the instance count.
 * Crowd annotations are ignored. Ordered by image id, then category id.
 */
export function cocoCountingQuestions(file: CocoInstancesFile, options: CocoCountingQuestionOptions = {}): CocoCountingQuestion[] {
  const { minAreaFraction = 0.005, minCount = 1, maxCount = 10 } = options;
  const groups = new Map<string, { imageId: number; categoryId: number; areas: number[] }>();
  for (const annotation of file.annotations) {
    if (annotation.iscrowd) continue;
    const key = `${annotation.image_id}:${annotation.category_id}`;
    const group = groups.get(key) ?? { imageId: annotation.image_id, categoryId: annotation.category_id, areas: [] };
    group.areas.push(annotation.area);
    groups.set(key, group);
  }
  const images = new Map(file.images.map((image) => [image.id, image]));
  const questions: CocoCountingQuestion[] = [];
  for (const { imageId, categoryId, areas } of groups.values()) {
    const image = images.get(imageId);
    const cocoClass = cocoClassById(categoryId);
    if (!image || !cocoClass || areas.length < minCount || areas.length > maxCount) continue;
    if (areas.some((area) => area < minAreaFraction * image.width * image.height)) continue;
    questions.push({
      image: image.file_name,
      imageId,
      categoryId,
      category: cocoClass.name,
      question: `How many ${cocoClass.plural} are there?`,
      answer: areas.length,
    });
  }
  return questions.sort((a, b) => a.imageId - b.imageId || a.categoryId - b.categoryId);
}

/** Options for {@link loadCocoCountingQuestions}. */
export interface LoadCocoCountingQuestionsOptions extends CocoCountingQuestionOptions {
  /** Path of `instances_<split>.json`. */
  annotationsPath: string;
  /**
   * Folder of the split's images; question `image` fields stay relative, `imagesDir` is returned with them.
   * @defaultValue `<annotations folder>/../<split>` (COCO's layout, e.g. annotations/instances_val2017.json → val2017/)
   */
  imagesDir?: string;
}

/** Reads a COCO instances file and generates its counting questions (see {@link cocoCountingQuestions}). */
export async function loadCocoCountingQuestions(
  options: LoadCocoCountingQuestionsOptions,
): Promise<{ imagesDir: string; questions: CocoCountingQuestion[] }> {
  const { annotationsPath, ...questionOptions } = options;
  let file: CocoInstancesFile;
  try {
    file = JSON.parse(await readFile(annotationsPath, "utf8")) as CocoInstancesFile;
  } catch (error) {
    throw new ViperError({
      code: "EVAL_INPUT",
      message: `Cannot read the COCO annotation file ${annotationsPath}: ${(error as Error).message}. Point it at an instances_<split>.json file.`,
      details: { annotationsPath },
      cause: error,
    });
  }
  if (!Array.isArray(file.images) || !Array.isArray(file.annotations)) {
    throw new ViperError({
      code: "EVAL_INPUT",
      message: `${annotationsPath} is not a COCO instances file (it needs "images" and "annotations" arrays).`,
      details: { annotationsPath },
    });
  }
  const split = /instances_(\w+)\.json$/.exec(annotationsPath)?.[1] ?? "images";
  const imagesDir = options.imagesDir ?? resolve(join(dirname(annotationsPath), "..", split));
  return { imagesDir, questions: cocoCountingQuestions(file, questionOptions) };
}
