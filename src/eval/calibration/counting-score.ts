import type { CocoCountingQuestion } from "../../datasets/coco-questions.ts";
import type { ClassDetection } from "../../mllm/detection/index.ts";
import { COCO_CLASSES, type LabelRouter } from "../../mllm/labels/index.ts";
import type { CountingSplit } from "./counting-split.ts";

/** Exact counts and errors of one detector configuration on one split (the `coco` counting rule). */
export interface CountingScore {
  readonly exact: number;
  /** Questions whose category the model can name (the others are left out). */
  readonly total: number;
  /** Per ground-truth count ("1", "2", "3", "4-10"). */
  readonly byCount: Readonly<Record<string, { exact: number; total: number }>>;
  readonly underCounts: number;
  readonly overCounts: number;
  /** Share of (image, COCO category the model knows but not annotated there) pairs with at least one box. */
  readonly falseExistenceRate: number;
}

/** Options for {@link scoreCounting}. */
export interface ScoreCountingOptions {
  readonly split: CountingSplit;
  /** Detections per image file (already merged), of any score. */
  readonly detections: ReadonlyMap<string, readonly ClassDetection[]>;
  /** The model's vocabulary router: a question's COCO category → the model's classes. */
  readonly router: LabelRouter;
  readonly scoreThreshold: number;
}

/**
 * Answers every counting question with the number of the model's boxes of the category at the threshold
 * (what `(await image.find(category)).length` returns on a photo) and scores the answers; also measures false
 * existence, so a gain in counting cannot come from answering "yes" more often.
 */
export function scoreCounting(options: ScoreCountingOptions): CountingScore {
  const { split, detections, router, scoreThreshold } = options;
  const byCount: Record<string, { exact: number; total: number }> = {};
  let exact = 0;
  let total = 0;
  let underCounts = 0;
  let overCounts = 0;
  const index = scoreIndex(detections);
  const classes = classesOf(router);
  for (const question of split.questions) {
    const wanted = classes(question.category);
    if (!wanted) continue;
    const count = countOf(index.get(question.image), wanted, scoreThreshold);
    const bucket = (byCount[bucketOf(question)] ??= { exact: 0, total: 0 });
    bucket.total++;
    total++;
    if (count === question.answer) {
      bucket.exact++;
      exact++;
    } else if (count < question.answer) underCounts++;
    else overCounts++;
  }
  // False existence: per image, the routable COCO categories not annotated there that some box above the
  // threshold names (found through the classes that scored, not by trying all 80 categories).
  const { routable, categoriesOfClass } = categoryIndex(router);
  let absentPairs = 0;
  let falseFinds = 0;
  for (const [image, names] of split.present) {
    absentPairs += routable.filter((category) => !names.has(category)).length;
    const named = new Set<string>();
    for (const [classIndex, scores] of index.get(image) ?? []) {
      if (scores[0]! < scoreThreshold) continue;
      for (const category of categoriesOfClass.get(classIndex) ?? []) if (!names.has(category)) named.add(category);
    }
    falseFinds += named.size;
  }
  return { exact, total, byCount, underCounts, overCounts, falseExistenceRate: absentPairs === 0 ? 0 : falseFinds / absentPairs };
}

/** The COCO categories a router can name, and for each of the model's classes the categories that include it. */
interface CategoryIndex {
  readonly routable: readonly string[];
  readonly categoriesOfClass: ReadonlyMap<number, readonly string[]>;
}

const categoryIndexes = new WeakMap<LabelRouter, CategoryIndex>();

function categoryIndex(router: LabelRouter): CategoryIndex {
  let index = categoryIndexes.get(router);
  if (!index) {
    const routable: string[] = [];
    const categoriesOfClass = new Map<number, string[]>();
    for (const { name } of COCO_CLASSES) {
      const route = router.route(name);
      if (!route) continue;
      routable.push(name);
      for (const classIndex of route.classIndices) categoriesOfClass.set(classIndex, [...(categoriesOfClass.get(classIndex) ?? []), name]);
    }
    categoryIndexes.set(router, (index = { routable, categoriesOfClass }));
  }
  return index;
}

// Threshold sweeps route the same categories thousands of times; remember each router's answers.
const routes = new WeakMap<LabelRouter, Map<string, Set<number> | undefined>>();

function classesOf(router: LabelRouter): (category: string) => Set<number> | undefined {
  let known = routes.get(router);
  if (!known) routes.set(router, (known = new Map()));
  const memo = known;
  return (category) => {
    if (!memo.has(category)) {
      const route = router.route(category);
      memo.set(category, route ? new Set(route.classIndices) : undefined);
    }
    return memo.get(category);
  };
}

/** Per image, per class: the scores of its detections, best first. */
type ScoreIndex = Map<string, Map<number, number[]>>;

// Threshold sweeps score the same detections dozens of times; index them once per detections map.
const indexes = new WeakMap<ReadonlyMap<string, readonly ClassDetection[]>, ScoreIndex>();

function scoreIndex(detections: ReadonlyMap<string, readonly ClassDetection[]>): ScoreIndex {
  let index = indexes.get(detections);
  if (!index) {
    index = new Map();
    for (const [image, list] of detections) {
      const byClass = new Map<number, number[]>();
      for (const detection of list) byClass.set(detection.classIndex, [...(byClass.get(detection.classIndex) ?? []), detection.score]);
      for (const scores of byClass.values()) scores.sort((a, b) => b - a);
      index.set(image, byClass);
    }
    indexes.set(detections, index);
  }
  return index;
}

function countOf(byClass: Map<number, number[]> | undefined, wanted: ReadonlySet<number>, threshold: number): number {
  let count = 0;
  for (const classIndex of wanted) {
    for (const score of byClass?.get(classIndex) ?? []) {
      if (score < threshold) break;
      count++;
    }
  }
  return count;
}


function bucketOf(question: CocoCountingQuestion): string {
  return question.answer >= 4 ? "4-10" : String(question.answer);
}
