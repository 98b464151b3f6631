import { ViperError } from "../../errors/index.ts";
import type { Detection, Detector, PerceptionContext } from "../capabilities.ts";
import { detectAllClasses, type ClassDetection } from "../detection/detect-all-classes.ts";
import type { DetectionSettings } from "../detection/detection-settings.ts";
import { createLabelRouter, unsupportedLabelError, type LabelRoute } from "../labels/index.ts";
import { hasObjectColor } from "../photo-attributes/index.ts";
import type { ColorName } from "../pixels/color-names.ts";
import type { RgbImage } from "../rgb-image.ts";
import { detectorIdOf, loadDetectorModel, storeEntryOf, type LoadDetectorModelOptions, type LoadedDetectorModel } from "./load-detector-model.ts";

/** Decides whether a detected object has a colour ("red car"); see photo-attributes. */
export type ColorFilter = (image: RgbImage, detection: Detection, color: ColorName) => boolean;

/** The default colour check: the colour is prominent among the object's own pixels. */
const photoColorFilter: ColorFilter = (image, detection, color) => hasObjectColor({ image, box: detection.box, color });

/** Options for {@link createOnnxDetector}. */
export interface OnnxDetectorOptions extends LoadDetectorModelOptions {
  /**
   * A detection counts when its score is at least this (`--min-score`), in [0, 1].
   * @defaultValue the model's calibrated threshold (docs/BENCHMARKS.md), else its family's default
   */
  minScore?: number;
  /** Overrides of individual settings (NMS, tiling, ...). @defaultValue the model's calibrated settings */
  settings?: Partial<DetectionSettings>;
  /** Checks colour words in labels ("red car"). @defaultValue the object's own pixels (photo-attributes) */
  colorFilter?: ColorFilter;
}

/** A detector over one ONNX model, plus what the benchmark, calibration and tests need. */
export interface OnnxDetector extends Detector {
  readonly vocabulary: readonly string[];
  /** The score threshold in force; known once the model is loaded (or when `minScore` sets it). */
  readonly scoreThreshold: number | undefined;
  /** Every class found in `image` (pixels of `image`) above the candidate threshold, best first. */
  detectAllClasses(image: RgbImage, overrides?: Partial<DetectionSettings>): Promise<ClassDetection[]>;
  /** The loaded model (loads it on first call). */
  model(): Promise<LoadedDetectorModel>;
  /** The settings in force once the model is loaded (calibrated settings with the overrides applied). */
  settings(): Promise<DetectionSettings>;
  nearMisses(image: RgbImage, label: string, context: PerceptionContext, margin: number): Promise<Detection[]>;
  dispose(): Promise<void>;
}

/**
 * A detector over any supported ONNX detector: a model-store id ("yolox-nano", "yolox-m") or an .onnx file
 * of a recognised family (YOLOX, Ultralytics, DETR). A file is opened now, to learn its layout and classes
 * (errors surface at once); a store model loads on first use. Labels route over the model's own class names
 * (plurals, synonyms, hypernyms). All-class results are cached per image region in the run's cache, so
 * find("cat") then find("dog") costs one set of passes.
 */
export async function createOnnxDetector(options: OnnxDetectorOptions): Promise<OnnxDetector> {
  const entry = storeEntryOf(options.model);
  if (entry?.classNames !== undefined) return createStoreDetector(options);
  // A file is opened now: its layout and classes decide what it can find, and a wrong file fails at once.
  const loaded = await loadDetectorModel(options);
  return buildDetector(options, loaded.classNames, loaded);
}

/**
 * A detector over a model-store id (default "yolox-nano"), made synchronously: the store knows its classes,
 * so the model loads on first use (a missing file fails then, with MODEL_NOT_FOUND saying how to get it).
 */
export function createStoreDetector(options: Partial<OnnxDetectorOptions> = {}): OnnxDetector {
  const model = options.model ?? "yolox-nano";
  const entry = storeEntryOf(model);
  if (entry?.classNames === undefined) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `${model} is not a detector model id; use createOnnxDetector for a file.`, details: { model } });
  }
  return buildDetector({ ...options, model }, options.classNames ?? entry.classNames);
}

function buildDetector(options: OnnxDetectorOptions, vocabulary: readonly string[], preloaded?: LoadedDetectorModel): OnnxDetector {
  const { minScore, colorFilter = photoColorFilter } = options;
  if (minScore !== undefined && !(minScore >= 0 && minScore <= 1)) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `--min-score must be a number from 0 to 1; got ${minScore}.`, details: { option: "--min-score", value: minScore } });
  }
  const id = detectorIdOf(options.model);
  // The settings in force: the model's own (calibrated) settings with the caller's overrides, set on load.
  let settings: DetectionSettings | undefined;
  const settle = (loaded: LoadedDetectorModel): LoadedDetectorModel => {
    const chosen = { ...loaded.settings, ...options.settings };
    // A --min-score under the candidate threshold must still see the boxes it asks for.
    settings = minScore === undefined ? chosen : { ...chosen, scoreThreshold: minScore, candidateThreshold: Math.min(chosen.candidateThreshold, minScore) };
    return loaded;
  };
  let loading: Promise<LoadedDetectorModel> | undefined = preloaded && Promise.resolve(settle(preloaded));
  const load = () => {
    loading ??= loadDetectorModel(options).then(settle);
    // A failed load (missing model) must not be cached: the user may fix it and retry.
    loading.catch(() => (loading = undefined));
    return loading;
  };
  const router = createLabelRouter(vocabulary);
  const settingsOf = async (): Promise<DetectionSettings> => {
    await load();
    return settings!;
  };

  const allClasses = (image: RgbImage, context: PerceptionContext): Promise<ClassDetection[]> => {
    const key = `${id}:all:${context.region.x0},${context.region.y0},${context.region.x1},${context.region.y1}`;
    let all = context.cache.get(key) as Promise<ClassDetection[]> | undefined;
    if (!all) {
      all = Promise.all([load(), settingsOf()]).then(([loaded, current]) => detectAllClasses({ session: loaded.session, layout: loaded.layout, image, settings: current }));
      context.cache.set(key, all);
      all.catch(() => context.cache.delete(key));
    }
    return all;
  };
  const routeOf = (label: string): LabelRoute => {
    const route = router.route(label);
    if (!route) throw unsupportedLabelError(label, id, vocabulary);
    return route;
  };
  const matching = async (image: RgbImage, label: string, context: PerceptionContext, low: number, high: number): Promise<Detection[]> => {
    const route = routeOf(label);
    const wanted = new Set(route.classIndices);
    const detections = (await allClasses(image, context))
      .filter((detection) => wanted.has(detection.classIndex) && detection.score >= low && detection.score < high)
      .map((detection) => ({ box: detection.box, score: detection.score, label }));
    const color = route.color;
    return color !== undefined ? detections.filter((detection) => colorFilter(image, detection, color)) : detections;
  };

  return {
    specificationVersion: "v1",
    id,
    vocabulary,
    scenes: ["photo"],
    get scoreThreshold() {
      return settings?.scoreThreshold ?? minScore;
    },
    supports: (label: string, context: PerceptionContext) => context.scene === "photo" && router.route(label) !== undefined,
    async detect(image, label, context) {
      routeOf(label);
      const { scoreThreshold } = await settingsOf();
      return matching(image, label, context, scoreThreshold, Number.POSITIVE_INFINITY);
    },
    async nearMisses(image, label, context, margin) {
      const { scoreThreshold } = await settingsOf();
      return matching(image, label, context, scoreThreshold - margin, scoreThreshold);
    },
    async detectAllClasses(image, overrides = {}) {
      const loaded = await load();
      return detectAllClasses({ session: loaded.session, layout: loaded.layout, image, settings: { ...(await settingsOf()), ...overrides } });
    },
    model: load,
    settings: settingsOf,
    async dispose() {
      const pending = loading;
      loading = undefined;
      settings = undefined;
      if (pending) await (await pending.catch(() => undefined))?.session.dispose();
    },
  };
}
