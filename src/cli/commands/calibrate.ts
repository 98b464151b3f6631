import { resolve } from "node:path";
import { calibrateDetector, loadCountingSplit, type CountingScore } from "../../eval/calibration/index.ts";
import { DEFAULT_COCO_ANNOTATIONS } from "../../eval/suites/coco-suite.ts";
import type { OnnxDevice } from "../../mllm/onnx/index.ts";
import { createOnnxDetector, readLabelsFile, settingsFilePath, writeSettingsFile } from "../../mllm/onnx-detector/index.ts";
import type { CliIo } from "../cli-io.ts";
import { readCommandLine, writeUsageError } from "../command-line.ts";

const DEFAULT_TRAIN = DEFAULT_COCO_ANNOTATIONS.replace(/instances_val2017\.json$/, "instances_train2017.json");

const USAGE = `Usage: viper calibrate <detector> [--out <file>] [options]

Chooses one ONNX detector's counting settings — score threshold, NMS IoU, containment suppression and
whether tiles (zoomed passes) are used — on an annotated COCO split, by exact counts of the coco counting
rule, and reports them on another split. Tiling is kept only when it beats one pass by 2% of the questions.
Writes <model>.calibration.json beside the model (or --out); the detector then uses it on every load.

  <detector>                      a model id (yolox-nano, yolox-m, ...) or the path of an .onnx detector file
  --train <instances.json>        where the settings are chosen (default ../shared/data/coco-tiny train2017)
  --train-images <folder>         its images (default <annotations>/../<split>)
  --val <instances.json>          where they are reported, never chosen (default coco-tiny val2017)
  --val-images <folder>           its images
  --out <file.json>               where to write the settings (default beside the model)
  --tile-sizes <px,...>           tilings to try against one pass (default: the input side, 2/3 and 1/2 of it;
                                  "none" tries none; each costs a set of passes over the train images)
  --labels <file>                 class names for a file without "names" metadata
  --models-dir <folder>           model files for model ids (default VIPER_MODELS_DIR, else the user cache)
  --device cpu|cuda|auto          where the model runs (default cpu)
  --json                          print the result as one JSON object`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  train: { type: "string" },
  "train-images": { type: "string" },
  val: { type: "string" },
  "val-images": { type: "string" },
  out: { type: "string" },
  "tile-sizes": { type: "string" },
  labels: { type: "string" },
  "models-dir": { type: "string" },
  device: { type: "string" },
  json: { type: "boolean" },
} as const;

/** How often (in images) progress lines are printed. */
const PROGRESS_EVERY = 10;

/** `viper calibrate <detector>`: chooses and writes a detector's settings. Exit 0 done, 1 error, 2 usage. */
export async function runCalibrateCommand(argv: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(argv, io, { command: "calibrate", usage: USAGE, options: OPTIONS });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine.parsed;
  const [model] = positionals;
  if (model === undefined || positionals.length > 1) return writeUsageError(io, { command: "calibrate", problem: "expected one detector", usage: USAGE });
  const device = values.device as OnnxDevice | undefined;
  if (device !== undefined && !["cpu", "cuda", "auto"].includes(device)) {
    return writeUsageError(io, { command: "calibrate", problem: `--device must be cpu, cuda or auto; got "${device}"`, usage: USAGE });
  }
  const tileSizes = tileSizesOf(values["tile-sizes"]);
  if (tileSizes === null) return writeUsageError(io, { command: "calibrate", problem: `--tile-sizes must be "none" or whole numbers of pixels, e.g. 427,320; got "${values["tile-sizes"]}"`, usage: USAGE });
  const notice = (message: string) => io.stderr.write(`viper: ${message}\n`);
  const classNames = values.labels === undefined ? undefined : await readLabelsFile(values.labels);
  const detector = await createOnnxDetector({ model, modelsDir: values["models-dir"], device, classNames, onNotice: notice });
  try {
    const train = await loadCountingSplit({ annotationsPath: resolve(values.train ?? DEFAULT_TRAIN), imagesDir: values["train-images"] });
    const valPath = values.val ?? (values.train === undefined ? DEFAULT_COCO_ANNOTATIONS : undefined);
    const val = valPath === undefined ? undefined : await loadCountingSplit({ annotationsPath: resolve(valPath), imagesDir: values["val-images"] });
    const result = await calibrateDetector({
      detector,
      train,
      val,
      tileSizes,
      onProgress: (phase, done, total) => {
        if (done % PROGRESS_EVERY === 0 || done === total) io.stderr.write(`${phase}: ${done}/${total} images\n`);
      },
    });
    const loaded = await detector.model();
    const out = values.out ?? settingsFilePath(loaded.path);
    await writeSettingsFile(out, {
      model: detector.id,
      sha256: [loaded.sha256],
      settings: result.settings,
      measured: { trainExact: round(result.train.exact / result.train.total), valExact: result.val ? round(result.val.exact / result.val.total) : Number.NaN },
    });
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ model: detector.id, sha256: loaded.sha256, written: out, ...result })}\n`);
    } else {
      io.stdout.write(
        [
          `${detector.id} (${loaded.layout.family}, ${loaded.layout.inputWidth}×${loaded.layout.inputHeight}): ${result.configurationsTried} configurations compared on ${train.annotationsPath}`,
          `chosen: score ≥ ${result.settings.scoreThreshold}, ${result.settings.softNmsSigma === undefined ? `NMS IoU ${result.settings.nmsIouThreshold}` : `Soft-NMS σ ${result.settings.softNmsSigma}`}, containment ${result.settings.containmentThreshold}, ${result.settings.tiling === false ? "one whole-image pass" : `whole image + ${result.settings.tiling.tileSizePx}-px tiles`}`,
          `train: ${describeScore(result.train)}`,
          `best single pass on train: ${describeScore(result.bestSinglePass.score)}`,
          result.bestTiled ? `best tiled on train: ${describeScore(result.bestTiled.score)} (${(result.bestTiled.settings.tiling as { tileSizePx: number }).tileSizePx}-px tiles)` : "",
          result.val ? `val (reported, not chosen on): ${describeScore(result.val)}` : "",
          `time per image (median on train): ${Math.round(result.medianMsPerImage)} ms chosen, ${Math.round(result.medianSinglePassMs)} ms one pass`,
          `written: ${out}`,
        ].filter(Boolean).join("\n") + "\n",
      );
    }
    return 0;
  } finally {
    await detector.dispose();
  }
}

// undefined: the default sizes; null: not a valid list.
function tileSizesOf(value: string | undefined): number[] | undefined | null {
  if (value === undefined) return undefined;
  if (value.trim() === "none") return [];
  const sizes = value.split(",").map((part) => Number(part.trim()));
  return sizes.length > 0 && sizes.every((size) => Number.isInteger(size) && size >= 32) ? sizes : null;
}

function describeScore(score: CountingScore): string {
  const buckets = Object.entries(score.byCount).sort().map(([count, bucket]) => `gt ${count}: ${bucket.exact}/${bucket.total}`).join(", ");
  return `${((100 * score.exact) / score.total).toFixed(1)}% exact (${score.exact}/${score.total}; ${buckets}; under ${score.underCounts}, over ${score.overCounts}; false existence ${(100 * score.falseExistenceRate).toFixed(2)}%)`;
}

function round(value: number): number {
  return Number(value.toFixed(4));
}
