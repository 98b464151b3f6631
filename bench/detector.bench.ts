/**
 * Detector benchmark: YOLOX-Nano time per image (single pass vs tiled, side by side) and counting accuracy
 * on real photos — the `coco` rule (src/datasets/coco-questions.ts) answered by the detector's count for the
 * category — per ground-truth count, on coco-tiny train2017 (used for calibration) and val2017 (reported) —
 * and the false-existence rate: the share of (image, category not annotated in it) pairs where the detector
 * still finds at least one box (so a gain in counting cannot come from simply answering "yes" more often).
 *
 *   bash scripts/with-node.sh node --no-node-snapshot bench/detector.bench.ts
 *
 * Environment: VIPER_MODELS_DIR (default ../shared/models), COCO_TINY (default ../shared/data/coco-tiny),
 * DETECTOR_BENCH_THRESHOLDS (score thresholds to sweep, default "0.2,0.225,0.25,0.275,0.3,0.35,0.4").
 */
import { readFile } from "node:fs/promises";
import { resolve, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCocoCountingQuestions, type CocoCountingQuestion } from "../src/datasets/coco-questions.ts";
import { cocoClassById } from "../src/mllm/labels/index.ts";
import { createYoloxDetector, type ClassDetection } from "../src/mllm/yolox/index.ts";
import { loadImage } from "../src/tools/image-io.ts";

const modelsDir = process.env.VIPER_MODELS_DIR ?? resolve("../shared/models");
const cocoTiny = process.env.COCO_TINY ?? resolve("../shared/data/coco-tiny");
const thresholds = (process.env.DETECTOR_BENCH_THRESHOLDS ?? "0.2,0.225,0.25,0.275,0.3,0.35,0.4").split(",").map(Number);
const DEFAULT_THRESHOLD = 0.3;

/** Accuracy of one mode at one threshold: overall, per ground-truth count, and false existence. */
interface CountingAccuracy {
  threshold: number;
  exact: number;
  total: number;
  byCount: Record<string, { exact: number; total: number }>;
  /** Questions answered below / above the annotated count. */
  underCounts: number;
  overCounts: number;
  /** Share of (image, absent category) pairs with at least one box of that category. */
  falseExistenceRate: number;
}

/** For each image file, the COCO class indices annotated in it (crowd annotations included). */
async function annotatedClasses(annotationsPath: string): Promise<Map<string, Set<number>>> {
  const file = JSON.parse(await readFile(annotationsPath, "utf8")) as {
    images: { id: number; file_name: string }[];
    annotations: { image_id: number; category_id: number }[];
  };
  const names = new Map(file.images.map((image) => [image.id, image.file_name]));
  const present = new Map(file.images.map((image) => [image.file_name, new Set<number>()]));
  for (const annotation of file.annotations) {
    present.get(names.get(annotation.image_id)!)?.add(cocoClassById(annotation.category_id)!.index);
  }
  return present;
}

/** Runs the benchmark and returns its figures (bench/run.ts collects them). */
export async function run() {
  const detector = createYoloxDetector({ modelsDir });
  const results: Record<string, unknown> = { model: "yolox-nano", defaultThreshold: DEFAULT_THRESHOLD, splits: {} };
  try {
    for (const split of ["train2017", "val2017"]) {
      const annotationsPath = join(cocoTiny, "annotations", `instances_${split}.json`);
      const { imagesDir, questions } = await loadCocoCountingQuestions({ annotationsPath });
      const present = await annotatedClasses(annotationsPath);
      const files = [...present.keys()];
      const detections = { single: new Map<string, ClassDetection[]>(), tiled: new Map<string, ClassDetection[]>() };
      const milliseconds = { single: [] as number[], tiled: [] as number[] };
      for (const file of files) {
        const image = await loadImage(join(imagesDir, file));
        // Side by side on the same image, alternating order, so machine load affects both modes alike.
        const order = milliseconds.single.length % 2 === 0 ? (["single", "tiled"] as const) : (["tiled", "single"] as const);
        for (const mode of order) {
          const started = performance.now();
          const found = await detector.detectAllClasses(image, mode === "single" ? { tiling: false } : {});
          milliseconds[mode].push(performance.now() - started);
          detections[mode].set(file, found);
        }
      }
      const accuracy = (mode: "single" | "tiled") => thresholds.map((threshold) => countingAccuracy(questions, detections[mode], present, threshold));
      (results.splits as Record<string, unknown>)[split] = {
        images: files.length,
        questions: questions.length,
        timing: { single: summarize(milliseconds.single), tiled: summarize(milliseconds.tiled), tiledOverSingleRatio: ratio(milliseconds) },
        counting: { single: accuracy("single"), tiled: accuracy("tiled") },
      };
    }
  } finally {
    await detector.dispose();
  }
  return results;
}

function countingAccuracy(
  questions: readonly CocoCountingQuestion[],
  detections: Map<string, ClassDetection[]>,
  present: Map<string, Set<number>>,
  threshold: number,
): CountingAccuracy {
  const result: CountingAccuracy = { threshold, exact: 0, total: questions.length, byCount: {}, underCounts: 0, overCounts: 0, falseExistenceRate: 0 };
  for (const question of questions) {
    const classIndex = cocoClassById(question.categoryId)!.index;
    const count = (detections.get(question.image) ?? []).filter((detection) => detection.classIndex === classIndex && detection.score >= threshold).length;
    const key = question.answer >= 4 ? "4-10" : String(question.answer);
    const bucket = (result.byCount[key] ??= { exact: 0, total: 0 });
    bucket.total++;
    if (count === question.answer) {
      bucket.exact++;
      result.exact++;
    } else if (count < question.answer) result.underCounts++;
    else result.overCounts++;
  }
  let absentPairs = 0;
  let falseFinds = 0;
  for (const [file, classes] of present) {
    const found = new Set((detections.get(file) ?? []).filter((detection) => detection.score >= threshold).map((detection) => detection.classIndex));
    for (let classIndex = 0; classIndex < 80; classIndex++) {
      if (classes.has(classIndex)) continue;
      absentPairs++;
      if (found.has(classIndex)) falseFinds++;
    }
  }
  result.falseExistenceRate = Number((falseFinds / absentPairs).toFixed(4));
  return result;
}

function summarize(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!.toFixed(1));
  return { medianMs: at(0.5), p90Ms: at(0.9), meanMs: Number((values.reduce((sum, value) => sum + value, 0) / values.length).toFixed(1)) };
}

// Per-image ratio, then the median, so one slow moment on a shared machine does not skew it.
function ratio(milliseconds: { single: number[]; tiled: number[] }): number {
  const ratios = milliseconds.tiled.map((tiled, index) => tiled / milliseconds.single[index]!).sort((a, b) => a - b);
  return Number(ratios[Math.floor(ratios.length / 2)]!.toFixed(2));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await run();
  for (const [split, figures] of Object.entries(results.splits as Record<string, any>)) {
    console.log(`\n${split}: ${figures.questions} questions; ${figures.images} images timed`);
    console.log(`time per image: single ${figures.timing.single.medianMs} ms median, tiled ${figures.timing.tiled.medianMs} ms median; tiled/single ${figures.timing.tiledOverSingleRatio}x`);
    for (const mode of ["single", "tiled"] as const) {
      for (const accuracy of figures.counting[mode] as CountingAccuracy[]) {
        const buckets = Object.entries(accuracy.byCount).sort().map(([count, bucket]) => `gt ${count}: ${bucket.exact}/${bucket.total}`).join(", ");
        const errors = `under ${accuracy.underCounts}, over ${accuracy.overCounts}, false existence ${(100 * accuracy.falseExistenceRate).toFixed(2)}%`;
        console.log(`${mode.padEnd(6)} t=${accuracy.threshold}: ${((100 * accuracy.exact) / accuracy.total).toFixed(1)}% exact (${accuracy.exact}/${accuracy.total}) — ${buckets}; ${errors}`);
      }
    }
  }
}
