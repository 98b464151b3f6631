import type { DetectionSettings } from "../detection/detection-settings.ts";
import { tilingOf } from "../detection/detection-settings.ts";
import type { DetectorLayout } from "../detection/detector-layout.ts";

/** Settings chosen for one model by `viper calibrate` (or the detector bench), with what they measured. */
export interface CalibratedSettings {
  /** What the settings are for, e.g. "yolox-nano" or "yolov8m.onnx". */
  readonly model: string;
  /** sha256 of every file they apply to (re-exports of the same weights differ in bytes). */
  readonly sha256: readonly string[];
  readonly settings: DetectionSettings;
  /** Exact-count accuracy of the `coco` counting rule: coco-tiny train2017 (chosen on) and val2017 (reported). */
  readonly measured?: { readonly trainExact: number; readonly valExact: number };
}

/**
 * Settings calibrated here for counting, per model file (docs/BENCHMARKS.md, "Detectors"): chosen on
 * coco-tiny train2017 only, reported on val2017. A file not listed gets a `<name>.calibration.json` beside it
 * from `viper calibrate`, else its family's defaults.
 */
export const CALIBRATED_SETTINGS: readonly CalibratedSettings[] = Object.freeze([
  {
    model: "yolox-nano",
    sha256: [
      "c789161ed43c8269fcd4e67c67eeeb4e80c622da2eb296a20bc6007bd18a0b7d",
      "e8af074932d4ed7e232278e3055cefcdea3edf178874a3694ae292649fb464dd",
    ],
    // Soft-NMS σ 0.1 with 416-px tiles: 100/166 on train against 97 for the best greedy NMS (0.6, tiled) and
    // 93 for the best single pass, more than the 2% tiling must earn (false existence on train 1.33%).
    settings: { scoreThreshold: 0.225, candidateThreshold: 0.1, nmsIouThreshold: 0.8, softNmsSigma: 0.1, containmentThreshold: 1, tiling: tilingOf(416) },
    measured: { trainExact: 0.6024, valExact: 0.5892 },
  },
  {
    // Measurement files in ../shared/models, not downloadable by viper-ts (Ultralytics weights are GPL/AGPL).
    model: "yolov8m.onnx",
    sha256: ["e91bd39ce15420f9623d5e3d46580f7ce4dfc85d061e4ee2e7b78ccd3e5b9453"],
    // Soft-NMS: 123/166 on train against 120 for the best greedy NMS (0.45); tiles (427, 320 px) add nothing.
    settings: { scoreThreshold: 0.275, candidateThreshold: 0.1, nmsIouThreshold: 0.8, softNmsSigma: 0.3, containmentThreshold: 1, tiling: false },
    measured: { trainExact: 0.741, valExact: 0.6919 },
  },
  {
    model: "yolov8n.onnx",
    sha256: ["9697a185dd8eb7448aea4c979e10db2b4977f70a46687890ef796936c44a848b"],
    // 427-px tiles: 103/166 on train against 106 for one pass.
    settings: { scoreThreshold: 0.15, candidateThreshold: 0.1, nmsIouThreshold: 0.45, containmentThreshold: 0.8, tiling: false },
    measured: { trainExact: 0.6386, valExact: 0.5892 },
  },
  {
    model: "deimv2_femto_coco.onnx",
    sha256: ["c6ad358f750132b891165e034c2ba507abefc5ebe1c1d2732a0acbcacc47e52c"],
    // Soft-NMS: 101/166 on train against 99 for the best greedy NMS; 416-px tiles: 96 (277-px: fewer).
    settings: { scoreThreshold: 0.35, candidateThreshold: 0.1, nmsIouThreshold: 0.8, softNmsSigma: 0.3, containmentThreshold: 1, tiling: false },
    measured: { trainExact: 0.6084, valExact: 0.6108 },
  },
]);

/** The calibrated settings for a file with this sha256, if any. */
export function calibratedSettingsFor(sha256: string): CalibratedSettings | undefined {
  return CALIBRATED_SETTINGS.find((entry) => entry.sha256.includes(sha256));
}

/**
 * Settings for a model nobody calibrated: its family's usual choices (see {@link rawFamilySettings}), except
 * YOLOX at 416 × 416 (Nano, Tiny), which gets YOLOX-Nano's calibrated settings.
 */
export function familyDefaultSettings(layout: DetectorLayout): DetectionSettings {
  const nano = CALIBRATED_SETTINGS.find((entry) => entry.model === "yolox-nano")!;
  return layout.family === "yolox" && layout.inputWidth === 416 && layout.inputHeight === 416 ? nano.settings : rawFamilySettings(layout);
}

/**
 * A family's own usual choices, one whole-image pass: YOLOX's demo threshold with class-aware NMS;
 * Ultralytics' predict defaults, confidence 0.25 and NMS IoU 0.7; DETR exports keep few duplicates, so NMS
 * only merges near-identical boxes. The "raw" figure calibrated settings are compared with.
 */
export function rawFamilySettings(layout: DetectorLayout): DetectionSettings {
  const common = { candidateThreshold: 0.1, containmentThreshold: 1, tiling: false as const };
  switch (layout.family) {
    case "yolox":
      return { ...common, scoreThreshold: 0.3, nmsIouThreshold: 0.45 };
    case "ultralytics":
      return { ...common, scoreThreshold: 0.25, nmsIouThreshold: 0.7 };
    case "detr":
      return { ...common, scoreThreshold: 0.45, nmsIouThreshold: 0.7 };
  }
}
