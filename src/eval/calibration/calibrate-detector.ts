import { mergeCandidates, tilingOf, type ClassDetection, type DetectionSettings } from "../../mllm/detection/index.ts";
import { createLabelRouter, type LabelRouter } from "../../mllm/labels/index.ts";
import type { OnnxDetector } from "../../mllm/onnx-detector/index.ts";
import type { CountingSplit } from "./counting-split.ts";
import { scoreCounting, type CountingScore } from "./counting-score.ts";
import { collectSplitCandidates, type ImageCandidates } from "./split-candidates.ts";

/** Score thresholds tried: 0.05 to 0.9 in steps of 0.025. */
const THRESHOLDS = Array.from({ length: 35 }, (_, index) => Number((0.05 + 0.025 * index).toFixed(3)));
/** NMS IoU thresholds tried (YOLOX's 0.45 through Ultralytics' 0.7). */
const NMS_IOUS = [0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8];
/** Gaussian Soft-NMS widths tried instead of greedy NMS (a box keeps exp(−IoU²/σ) of its score). */
const SOFT_NMS_SIGMAS = [0.1, 0.2, 0.3, 0.4, 0.5];
/** Soft-NMS still drops near-identical boxes outright at the widest NMS IoU tried (its decay does the rest). */
const SOFT_NMS_IOU = 0.8;
/** Every suppression tried: greedy NMS at each IoU, then Soft-NMS at each width (taken only when strictly better). */
const SUPPRESSIONS: readonly Pick<DetectionSettings, "nmsIouThreshold" | "softNmsSigma">[] = [
  ...NMS_IOUS.map((nmsIouThreshold) => ({ nmsIouThreshold })),
  ...SOFT_NMS_SIGMAS.map((softNmsSigma) => ({ nmsIouThreshold: SOFT_NMS_IOU, softNmsSigma })),
];
/** Containment suppression off, and at YOLOX-Nano's calibrated 0.8. */
const CONTAINMENTS = [1, 0.8];
/** Tiling must beat one pass by this share of the calibration questions to be worth its cost (4–11× the time). */
export const TILING_MIN_GAIN = 0.02;
/** Candidates are collected down to this score, below every threshold tried. */
const COLLECT_MIN_SCORE = 0.04;
/** Near misses (for answer warnings) are kept this far below the threshold. */
const NEAR_MISS_MARGIN = 0.05;

/** One configuration and how it counted on the calibration split. */
export interface CalibrationCandidate {
  readonly settings: DetectionSettings;
  readonly score: CountingScore;
}

/** The outcome of {@link calibrateDetector}. */
export interface CalibrationResult {
  /** The chosen settings. */
  readonly settings: DetectionSettings;
  /** How they count on the calibration split (chosen there) and on the report split (if given). */
  readonly train: CountingScore;
  readonly val?: CountingScore;
  /** The best configuration without tiling and with it, on the calibration split. */
  readonly bestSinglePass: CalibrationCandidate;
  readonly bestTiled?: CalibrationCandidate;
  /** Median time per image of the chosen configuration's passes, and of the whole-image pass alone, on the calibration split. */
  readonly medianMsPerImage: number;
  readonly medianSinglePassMs: number;
  /** Configurations compared (tiling × NMS or Soft-NMS × containment × thresholds). */
  readonly configurationsTried: number;
}

/** Options for {@link calibrateDetector}. */
export interface CalibrateDetectorOptions {
  readonly detector: OnnxDetector;
  /** Where the settings are chosen (coco-tiny train2017). */
  readonly train: CountingSplit;
  /** Where the chosen settings are only reported (coco-tiny val2017). @defaultValue not reported */
  readonly val?: CountingSplit;
  /**
   * Tile sizes (pixels) whose tilings are tried against one whole-image pass; [] tries none. Each costs a
   * set of model passes over the train images, so a slow model may be given fewer.
   * @defaultValue {@link calibrationTileSizes} of the model's input side
   */
  readonly tileSizes?: readonly number[];
  /** Progress: phase and images done. @defaultValue none */
  readonly onProgress?: (phase: "train" | "val", done: number, total: number) => void;
}

/**
 * Chooses a detector's counting settings on one annotated split: runs the model once per pass over every
 * image, then compares every tiling (none, tiles at the input size, 2/3 and 1/2 of it), NMS IoU or Soft-NMS width, containment
 * suppression and score threshold by exact counts of the `coco` counting rule
 * ({@link chooseDetectionSettings}). The choice never looks at `val`; it is only reported there.
 */
export async function calibrateDetector(options: CalibrateDetectorOptions): Promise<CalibrationResult> {
  const { detector, train, val, onProgress } = options;
  const { layout, classNames } = await detector.model();
  const router = createLabelRouter(classNames);
  const tileSizes = options.tileSizes ?? calibrationTileSizes(layout.inputWidth);
  const candidates = await collectSplitCandidates({
    detector, split: train, tileSizes, minScore: COLLECT_MIN_SCORE, onImage: (done, total) => onProgress?.("train", done, total),
  });
  const choice = chooseDetectionSettings({ split: train, candidates, router, tileSizes });
  const chosenTiles = choice.settings.tiling === false ? undefined : choice.settings.tiling.tileSizePx;
  const report = val ? await scoreOn({ detector, split: val, settings: choice.settings, tileSize: chosenTiles, router, onProgress }) : undefined;
  return { ...choice, val: report };
}

/** The tile sizes calibration tries for a model input side: the input itself, 2/3 and 1/2 of it (1–2× zoom). */
export function calibrationTileSizes(inputSide: number): number[] {
  return [...new Set([inputSide, Math.round((inputSide * 2) / 3), Math.round(inputSide / 2)])];
}

/** Options for {@link chooseDetectionSettings}. */
export interface ChooseDetectionSettingsOptions {
  readonly split: CountingSplit;
  /** Raw candidates of every image of the split (whole-image pass and each tiling in `tileSizes`). */
  readonly candidates: ReadonlyMap<string, ImageCandidates>;
  /** The model's vocabulary router. */
  readonly router: LabelRouter;
  readonly tileSizes: readonly number[];
}

/**
 * Compares every tiling, NMS (greedy at each IoU, Soft-NMS at each width), containment suppression and score
 * threshold on collected candidates.
 * Ties go to fewer false existences, then to the middle of the tied thresholds. Tiling is taken only when it
 * beats one pass by {@link TILING_MIN_GAIN}.
 */
export function chooseDetectionSettings(options: ChooseDetectionSettingsOptions): Omit<CalibrationResult, "val"> {
  const { split, candidates, router, tileSizes } = options;
  let tried = 0;
  const best = (tiling: number | false): CalibrationCandidate => {
    let winner: CalibrationCandidate | undefined;
    for (const suppression of SUPPRESSIONS) {
      for (const containmentThreshold of CONTAINMENTS) {
        const merged = mergedDetections(candidates, tiling, { ...suppression, containmentThreshold });
        const scores = THRESHOLDS.map((scoreThreshold) => scoreCounting({ split, detections: merged, router, scoreThreshold }));
        tried += scores.length;
        const chosen = middleOfBest(scores);
        const candidate = { settings: settingsOf({ scoreThreshold: THRESHOLDS[chosen]!, ...suppression, containmentThreshold }, tiling), score: scores[chosen]! };
        if (!winner || isBetter(candidate.score, winner.score)) winner = candidate;
      }
    }
    return winner!;
  };
  const bestSinglePass = best(false);
  const bestTiled = tileSizes
    .map((size) => best(size))
    .reduce<CalibrationCandidate | undefined>((current, candidate) => (!current || isBetter(candidate.score, current.score) ? candidate : current), undefined);
  const tilingEarns = bestTiled !== undefined && bestTiled.score.exact - bestSinglePass.score.exact >= TILING_MIN_GAIN * bestSinglePass.score.total;
  const chosen = tilingEarns ? bestTiled : bestSinglePass;
  const chosenTiles = chosen.settings.tiling === false ? undefined : chosen.settings.tiling.tileSizePx;
  const images = [...candidates.values()];
  return {
    settings: chosen.settings,
    train: chosen.score,
    bestSinglePass,
    bestTiled,
    medianMsPerImage: median(images.map((image) => image.wholeMs + (chosenTiles === undefined ? 0 : (image.tilesMs.get(chosenTiles) ?? 0)))),
    medianSinglePassMs: median(images.map((image) => image.wholeMs)),
    configurationsTried: tried,
  };
}

async function scoreOn(options: {
  detector: OnnxDetector;
  split: CountingSplit;
  settings: DetectionSettings;
  tileSize: number | undefined;
  router: LabelRouter;
  onProgress: CalibrateDetectorOptions["onProgress"];
}): Promise<CountingScore> {
  const { detector, split, settings, tileSize, router, onProgress } = options;
  const candidates = await collectSplitCandidates({
    detector, split, tileSizes: tileSize === undefined ? [] : [tileSize], minScore: COLLECT_MIN_SCORE, onImage: (done, total) => onProgress?.("val", done, total),
  });
  return scoreCounting({ split, detections: mergedDetections(candidates, tileSize ?? false, settings), router, scoreThreshold: settings.scoreThreshold });
}

/** Per image: the whole-image candidates plus one tiling's, merged by NMS. */
export function mergedDetections(
  candidates: ReadonlyMap<string, ImageCandidates>,
  tiling: number | false,
  settings: Pick<DetectionSettings, "nmsIouThreshold" | "softNmsSigma" | "containmentThreshold">,
): Map<string, ClassDetection[]> {
  const merged = new Map<string, ClassDetection[]>();
  for (const [image, { whole, tiles }] of candidates) merged.set(image, mergeCandidates(tiling === false ? whole : [...whole, ...(tiles.get(tiling) ?? [])], settings));
  return merged;
}

function settingsOf(
  chosen: Pick<DetectionSettings, "scoreThreshold" | "nmsIouThreshold" | "softNmsSigma" | "containmentThreshold">,
  tiling: number | false,
): DetectionSettings {
  const candidateThreshold = Number(Math.min(0.1, Math.max(0.01, chosen.scoreThreshold - NEAR_MISS_MARGIN)).toFixed(3));
  return { ...chosen, candidateThreshold, tiling: tiling === false ? false : tilingOf(tiling) };
}

function isBetter(a: CountingScore, b: CountingScore): boolean {
  return a.exact > b.exact || (a.exact === b.exact && a.falseExistenceRate < b.falseExistenceRate);
}

// The best score, and among thresholds tied with it in a row, the middle one (robust to small shifts).
function middleOfBest(scores: readonly CountingScore[]): number {
  let bestIndex = 0;
  for (let index = 1; index < scores.length; index++) if (isBetter(scores[index]!, scores[bestIndex]!)) bestIndex = index;
  let end = bestIndex;
  const tied = (index: number) => scores[index]!.exact === scores[bestIndex]!.exact && scores[index]!.falseExistenceRate === scores[bestIndex]!.falseExistenceRate;
  while (end + 1 < scores.length && tied(end + 1)) end++;
  return Math.floor((bestIndex + end) / 2);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
}
