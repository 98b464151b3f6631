/**
 * Detector benchmark: every configured detector with the settings it loads with (calibrated on coco-tiny
 * train2017, docs/BENCHMARKS.md "Detectors"), measured side by side on the same images — counting accuracy
 * of the `coco` rule (src/datasets/coco-questions.ts: the detector's count for the category) per
 * ground-truth count, the false-existence rate (the share of (image, category not annotated there) pairs
 * where the detector still finds a box), and time per image as a ratio to YOLOX-Nano. Each model also gets
 * its raw figure: one whole-image pass at its family's default settings.
 *
 *   npm run bench detector        # ≈ 15 min on 2 shared cores with yolov8m; nice it on a shared machine
 *
 * Environment: VIPER_MODELS_DIR (default ../shared/models), COCO_TINY (default ../shared/data/coco-tiny),
 * DETECTOR_BENCH_MODELS (comma-separated ids or .onnx paths; default YOLOX-Nano, DEIMv2-Femto, YOLOv8n,
 * YOLOv8m from the models folder), DETECTOR_BENCH_SPLITS (default "val2017"; "train2017,val2017" for both).
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCountingSplit, scoreCounting, type CountingScore, type CountingSplit } from "../src/eval/calibration/index.ts";
import { collectCandidates, mergeCandidates, type ClassDetection } from "../src/mllm/detection/index.ts";
import { createLabelRouter } from "../src/mllm/labels/index.ts";
import { createOnnxDetector, familyDefaultSettings, type OnnxDetector } from "../src/mllm/onnx-detector/index.ts";
import { loadImage } from "../src/tools/image-io.ts";

const modelsDir = process.env.VIPER_MODELS_DIR ?? resolve("../shared/models");
const cocoTiny = process.env.COCO_TINY ?? resolve("../shared/data/coco-tiny");
const models = (process.env.DETECTOR_BENCH_MODELS ?? ["yolox-nano", "deimv2_femto_coco.onnx", "yolov8n.onnx", "yolov8m.onnx"].map((name) => (name.endsWith(".onnx") ? join(modelsDir, name) : name)).join(","))
  .split(",")
  .map((name) => name.trim());
const splits = (process.env.DETECTOR_BENCH_SPLITS ?? "val2017").split(",").map((name) => name.trim());
const REFERENCE = "yolox-nano";

/** One model's figures on one split. */
interface ModelFigures {
  /** With the settings it loads with (calibrated, or family defaults). */
  readonly chosen: CountingScore;
  /** One whole-image pass at its family's default settings (what the file gives with no calibration). */
  readonly raw: CountingScore;
  readonly rawThreshold: number;
  readonly medianMsPerImage: number;
  /** Median over images of (this model's time / YOLOX-Nano's time on the same image, measured back to back). */
  readonly timeRatioToNano: number;
  /** The same against one whole-image YOLOX-Nano pass (Nano's default adds tiles). */
  readonly timeRatioToNanoSinglePass: number;
}

/** Runs the benchmark and returns its figures (bench/run.ts collects them). */
export async function run() {
  const detectors: OnnxDetector[] = [];
  for (const model of [REFERENCE, ...models.filter((model) => model !== REFERENCE)]) detectors.push(await createOnnxDetector({ model, modelsDir }));
  const results: Record<string, unknown> = { models: {}, splits: {} };
  try {
    for (const detector of detectors) {
      const loaded = await detector.model();
      (results.models as Record<string, unknown>)[detector.id] = {
        family: loaded.layout.family,
        input: `${loaded.layout.inputWidth}x${loaded.layout.inputHeight}`,
        sha256: loaded.sha256,
        settingsSource: loaded.settingsSource,
        settings: await detector.settings(),
      };
    }
    for (const split of splits) {
      const data = await loadCountingSplit({ annotationsPath: join(cocoTiny, "annotations", `instances_${split}.json`) });
      (results.splits as Record<string, unknown>)[split] = { images: data.images.length, questions: data.questions.length, models: await measureSplit(detectors, data) };
    }
  } finally {
    await Promise.all(detectors.map((detector) => detector.dispose()));
  }
  return results;
}

async function measureSplit(detectors: readonly OnnxDetector[], split: CountingSplit): Promise<Record<string, ModelFigures>> {
  const chosen = detectors.map(() => new Map<string, ClassDetection[]>());
  const raw = detectors.map(() => new Map<string, ClassDetection[]>());
  const milliseconds = detectors.map(() => [] as number[]);
  const wholeMilliseconds = detectors.map(() => [] as number[]);
  for (const [imageIndex, file] of split.images.entries()) {
    const image = await loadImage(join(split.imagesDir, file));
    // Side by side on the same image, the order rotating, so machine load affects every model alike.
    for (let step = 0; step < detectors.length; step++) {
      const index = (imageIndex + step) % detectors.length;
      const detector = detectors[index]!;
      const { session, layout } = await detector.model();
      const settings = await detector.settings();
      const defaults = familyDefaultSettings(layout);
      const minScore = Math.min(settings.candidateThreshold, defaults.candidateThreshold);
      const started = performance.now();
      const whole = await collectCandidates({ session, layout, image, passes: "whole", minScore });
      wholeMilliseconds[index]!.push(performance.now() - started);
      const tiles = settings.tiling ? await collectCandidates({ session, layout, image, passes: settings.tiling, minScore }) : [];
      milliseconds[index]!.push(performance.now() - started);
      chosen[index]!.set(file, mergeCandidates([...whole, ...tiles], settings));
      raw[index]!.set(file, mergeCandidates(whole, defaults));
    }
  }
  const figures: Record<string, ModelFigures> = {};
  for (const [index, detector] of detectors.entries()) {
    const { layout, classNames } = await detector.model();
    const router = createLabelRouter(classNames);
    const rawThreshold = familyDefaultSettings(layout).scoreThreshold;
    figures[detector.id] = {
      chosen: scoreCounting({ split, detections: chosen[index]!, router, scoreThreshold: (await detector.settings()).scoreThreshold }),
      raw: scoreCounting({ split, detections: raw[index]!, router, scoreThreshold: rawThreshold }),
      rawThreshold,
      medianMsPerImage: Number(median(milliseconds[index]!).toFixed(1)),
      timeRatioToNano: Number(median(milliseconds[index]!.map((ms, image) => ms / milliseconds[0]![image]!)).toFixed(2)),
      timeRatioToNanoSinglePass: Number(median(milliseconds[index]!.map((ms, image) => ms / wholeMilliseconds[0]![image]!)).toFixed(2)),
    };
  }
  return figures;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function describe(score: CountingScore): string {
  const buckets = Object.entries(score.byCount).sort().map(([count, bucket]) => `gt ${count}: ${bucket.exact}/${bucket.total}`).join(", ");
  return `${((100 * score.exact) / score.total).toFixed(1)}% exact (${score.exact}/${score.total}) — ${buckets}; under ${score.underCounts}, over ${score.overCounts}, false existence ${(100 * score.falseExistenceRate).toFixed(2)}%`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await run();
  for (const [split, figures] of Object.entries(results.splits as Record<string, { questions: number; images: number; models: Record<string, ModelFigures> }>)) {
    console.log(`\n${split}: ${figures.questions} questions, ${figures.images} images`);
    for (const [model, figure] of Object.entries(figures.models)) {
      console.log(`${model}: ${describe(figure.chosen)}; ${figure.medianMsPerImage} ms/image, ${figure.timeRatioToNano}× YOLOX-Nano (${figure.timeRatioToNanoSinglePass}× one Nano pass)`);
      console.log(`${" ".repeat(model.length)}  raw single pass (t=${figure.rawThreshold}): ${describe(figure.raw)}`);
    }
  }
}
