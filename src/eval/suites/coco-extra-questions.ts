import type { CocoInstancesFile } from "../../datasets/coco-questions.ts";
import { createRandom, deriveSeed } from "../../datasets/random.ts";
import { COCO_CLASSES, cocoClassById, type CocoClass } from "../../mllm/labels/index.ts";

/** A question the `coco` suite asks about one image. */
export interface CocoQuestion {
  readonly family: "count" | "exist" | "left-right";
  readonly imageId: number;
  /** Image file name, relative to the images folder. */
  readonly image: string;
  /** Distinguishes the image's questions of one family (category ids), for stable question ids. */
  readonly key: string;
  readonly question: string;
  readonly answer: number | "yes" | "no";
}

/** Visible enough to ask about: the counting rule's threshold, 0.5% of the image. */
const MIN_AREA_FRACTION = 0.005;
/** Two objects whose centres are closer than this fraction of the image width are not clearly left/right. */
const MIN_SEPARATION_FRACTION = 0.05;

type Annotation = CocoInstancesFile["annotations"][number];
type Image = CocoInstancesFile["images"][number];

/**
 * Existence questions, balanced yes/no. For each image, every category with a non-crowd instance covering at
 * least 0.5% of the image gets "Are there any <plural>?" → yes; and for each of those, one category with no
 * annotation at all in the image (crowd ones included), drawn with a seed from the image id, gets the same
 * question → no.
 */
export function cocoExistenceQuestions(file: CocoInstancesFile, options: { seed: number }): CocoQuestion[] {
  const questions: CocoQuestion[] = [];
  for (const [image, annotations] of annotationsByImage(file)) {
    const annotated = new Set(annotations.map((annotation) => annotation.category_id));
    const present = [...new Set(annotations.filter((annotation) => isVisible(annotation, image)).map((annotation) => annotation.category_id))]
      .sort((a, b) => a - b)
      .flatMap((id) => cocoClassById(id) ?? []);
    const random = createRandom(deriveSeed(options.seed, image.id));
    const absent = random.shuffle(COCO_CLASSES.filter((cocoClass) => !annotated.has(cocoClass.id))).slice(0, present.length);
    for (const [cocoClass, answer] of [...present.map((c) => [c, "yes"] as const), ...absent.map((c) => [c, "no"] as const)]) {
      questions.push({ family: "exist", imageId: image.id, image: image.file_name, key: String(cocoClass.id), question: `Are there any ${cocoClass.plural}?`, answer });
    }
  }
  return questions;
}

/**
 * Left/right questions between two categories that each have exactly one annotation in the image (crowd
 * ones included), non-crowd and covering at least 0.5% of the image, whose box centres are at least 5% of
 * the image width apart. One question per such pair: "Is the <A> to the left of the <B>?" or "... to the
 * right of ..." (the word drawn with a seed), answered by comparing the box centres.
 */
export function cocoLeftRightQuestions(file: CocoInstancesFile, options: { seed: number }): CocoQuestion[] {
  const questions: CocoQuestion[] = [];
  for (const [image, annotations] of annotationsByImage(file)) {
    const perCategory = new Map<number, Annotation[]>();
    for (const annotation of annotations) perCategory.set(annotation.category_id, [...(perCategory.get(annotation.category_id) ?? []), annotation]);
    const singles = [...perCategory.values()]
      .filter((group) => group.length === 1 && isVisible(group[0]!, image) && group[0]!.bbox?.length === 4)
      .map((group) => ({ annotation: group[0]!, cocoClass: cocoClassById(group[0]!.category_id) }))
      .filter((single): single is { annotation: Annotation; cocoClass: CocoClass } => single.cocoClass !== undefined)
      .sort((a, b) => a.cocoClass.id - b.cocoClass.id);
    const random = createRandom(deriveSeed(options.seed + 1, image.id));
    for (const [index, first] of singles.entries()) {
      for (const second of singles.slice(index + 1)) {
        const firstCenter = centerX(first.annotation);
        const secondCenter = centerX(second.annotation);
        if (Math.abs(firstCenter - secondCenter) < MIN_SEPARATION_FRACTION * image.width) continue;
        const relation = random.chance(0.5) ? "left" : "right";
        const holds = relation === "left" ? firstCenter < secondCenter : firstCenter > secondCenter;
        questions.push({
          family: "left-right",
          imageId: image.id,
          image: image.file_name,
          key: `${first.cocoClass.id}-${second.cocoClass.id}`,
          question: `Is the ${first.cocoClass.name} to the ${relation} of the ${second.cocoClass.name}?`,
          answer: holds ? "yes" : "no",
        });
      }
    }
  }
  return questions;
}

function annotationsByImage(file: CocoInstancesFile): Array<[Image, Annotation[]]> {
  const groups = new Map<number, Annotation[]>();
  for (const annotation of file.annotations) groups.set(annotation.image_id, [...(groups.get(annotation.image_id) ?? []), annotation]);
  return [...file.images].sort((a, b) => a.id - b.id).map((image) => [image, groups.get(image.id) ?? []]);
}

function isVisible(annotation: Annotation, image: Image): boolean {
  return !annotation.iscrowd && annotation.area >= MIN_AREA_FRACTION * image.width * image.height;
}

function centerX(annotation: Annotation): number {
  const [x = 0, , width = 0] = annotation.bbox ?? [];
  return x + width / 2;
}
