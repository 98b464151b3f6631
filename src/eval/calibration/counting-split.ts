import { readFile } from "node:fs/promises";
import { loadCocoCountingQuestions, type CocoCountingQuestion } from "../../datasets/coco-questions.ts";
import { cocoClassById } from "../../mllm/labels/index.ts";

/** One annotated split for counting: its questions, images, and which categories each image has. */
export interface CountingSplit {
  readonly annotationsPath: string;
  readonly imagesDir: string;
  /** Image file names, in file order. */
  readonly images: readonly string[];
  /** The `coco` counting rule's questions (src/datasets/coco-questions.ts). */
  readonly questions: readonly CocoCountingQuestion[];
  /** Per image: the COCO names of every category annotated in it (crowd annotations included). */
  readonly present: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Reads a COCO instances file as a counting split (EVAL_INPUT when it is not one). */
export async function loadCountingSplit(options: { annotationsPath: string; imagesDir?: string }): Promise<CountingSplit> {
  const { imagesDir, questions } = await loadCocoCountingQuestions(options);
  const file = JSON.parse(await readFile(options.annotationsPath, "utf8")) as {
    images: { id: number; file_name: string }[];
    annotations: { image_id: number; category_id: number }[];
  };
  const names = new Map(file.images.map((image) => [image.id, image.file_name]));
  const present = new Map(file.images.map((image) => [image.file_name, new Set<string>()]));
  for (const annotation of file.annotations) {
    const name = cocoClassById(annotation.category_id)?.name;
    if (name !== undefined) present.get(names.get(annotation.image_id) ?? "")?.add(name);
  }
  return { annotationsPath: options.annotationsPath, imagesDir, images: [...present.keys()], questions, present };
}
