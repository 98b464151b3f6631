import type { Detection, Detector, PerceptionContext } from "../capabilities.ts";
import { COCO_CLASSES, routeCocoLabel, unsupportedLabelError } from "../labels/index.ts";
import { resolveModel } from "../model-store/index.ts";
import { createOnnxSession, type OnnxDevice, type OnnxSession } from "../onnx/index.ts";
import { hasObjectColor } from "../photo-attributes/index.ts";
import type { ColorName } from "../pixels/color-names.ts";
import type { RgbImage } from "../rgb-image.ts";
import { detectAllClasses, type ClassDetection, type DetectAllClassesSettings } from "./detect-all-classes.ts";
import { YOLOX_DEFAULT_SETTINGS } from "./yolox-settings.ts";

/** Decides whether a detected object has a colour ("red car"); see photo-attributes. */
export type ColorFilter = (image: RgbImage, detection: Detection, color: ColorName) => boolean;

/** The default colour check: the colour is prominent among the object's own pixels. */
const photoColorFilter: ColorFilter = (image, detection, color) => hasObjectColor({ image, box: detection.box, color });

/** Options for {@link createYoloxDetector}. */
export interface YoloxDetectorOptions {
  /** Folder holding yolox_nano.onnx (turns downloads off). @defaultValue the model store's order */
  modelsDir?: string;
  /** Path of a YOLOX ONNX file to use as is (skips the model store). @defaultValue resolved by the store */
  modelPath?: string;
  /** @defaultValue "cpu" */
  device?: OnnxDevice;
  /**
   * A detection counts when its score (objectness × class) is at least this.
   * @defaultValue 0.3 (calibrated for counting on coco-tiny train2017; see docs/BENCHMARKS.md)
   */
  scoreThreshold?: number;
  /** Merge, tiling and NMS settings. @defaultValue YOLOX_DEFAULT_SETTINGS */
  settings?: Partial<DetectAllClassesSettings>;
  /** Checks colour words in labels ("red car"). @defaultValue the object's own pixels (photo-attributes) */
  colorFilter?: ColorFilter;
  /** One-line notices (download, CPU fallback). @defaultValue none */
  onNotice?: (message: string) => void;
}

/** The YOLOX detector, plus what the benchmark and tests need beyond the Detector interface. */
export interface YoloxDetector extends Detector {
  /** Every COCO class found in `image` (pixels of `image`), before the score threshold, best first. */
  detectAllClasses(image: RgbImage, settings?: Partial<DetectAllClassesSettings>): Promise<ClassDetection[]>;
  dispose(): Promise<void>;
}

/**
 * YOLOX-Nano over the 80 COCO classes, for photos. The model is resolved by the model store and its ONNX
 * session is created on first use and reused; large images are also searched in overlapping tiles so small
 * objects are found. All-class results are cached per image region in the run's cache, so find("cat") then
 * find("dog") costs one set of passes.
 */
export function createYoloxDetector(options: YoloxDetectorOptions = {}): YoloxDetector {
  const { scoreThreshold = 0.3, colorFilter = photoColorFilter, onNotice } = options;
  const settings: DetectAllClassesSettings = { ...YOLOX_DEFAULT_SETTINGS, ...options.settings };
  let session: Promise<OnnxSession> | undefined;
  const getSession = () => {
    session ??= openSession(options, onNotice);
    // A failed load (missing model) must not be cached: the user may fix it and retry.
    session.catch(() => (session = undefined));
    return session;
  };
  return {
    specificationVersion: "v1",
    id: "yolox",
    vocabulary: COCO_CLASSES.map((cocoClass) => cocoClass.name),
    scenes: ["photo"],
    supports: (label: string, context: PerceptionContext) => context.scene === "photo" && routeCocoLabel(label) !== undefined,
    async detect(image: RgbImage, label: string, context: PerceptionContext): Promise<Detection[]> {
      const route = routeCocoLabel(label);
      if (!route) throw unsupportedLabelError(label, "yolox");
      const wanted = new Set(route.classes.map((cocoClass) => cocoClass.index));
      const key = `yolox:all:${context.region.x0},${context.region.y0},${context.region.x1},${context.region.y1}`;
      let all = context.cache.get(key) as Promise<ClassDetection[]> | undefined;
      if (!all) {
        all = getSession().then((ready) => detectAllClasses(ready, image, settings));
        context.cache.set(key, all);
        all.catch(() => context.cache.delete(key));
      }
      const detections = (await all)
        .filter((detection) => wanted.has(detection.classIndex) && detection.score >= scoreThreshold)
        .map((detection) => ({ box: detection.box, score: detection.score, label }));
      const color = route.color;
      return color !== undefined ? detections.filter((detection) => colorFilter(image, detection, color)) : detections;
    },
    async detectAllClasses(image, overrides = {}) {
      return detectAllClasses(await getSession(), image, { ...settings, ...overrides });
    },
    async dispose() {
      const pending = session;
      session = undefined;
      if (pending) await (await pending.catch(() => undefined))?.dispose();
    },
  };
}

async function openSession(options: YoloxDetectorOptions, onNotice: ((message: string) => void) | undefined): Promise<OnnxSession> {
  const modelPath = options.modelPath ?? (await resolveModel("yolox-nano", { modelsDir: options.modelsDir, onNotice })).path;
  return createOnnxSession({ modelPath, device: options.device ?? "cpu", onNotice });
}
