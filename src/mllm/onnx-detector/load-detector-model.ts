import { access } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { ViperError } from "../../errors/index.ts";
import type { DetectionSettings } from "../detection/detection-settings.ts";
import type { DetectorLayout } from "../detection/detector-layout.ts";
import { COCO_CLASSES } from "../labels/index.ts";
import { getModelEntry, resolveModel, sha256OfFile, type ModelEntry } from "../model-store/index.ts";
import { createOnnxSession, readOnnxMetadata, type OnnxDevice, type OnnxSession } from "../onnx/index.ts";
import { calibratedSettingsFor, familyDefaultSettings } from "./calibrated-settings.ts";
import { parseClassNames } from "./class-names.ts";
import { recogniseLayout } from "./recognise-layout.ts";
import { readSettingsFile, settingsFilePath } from "./settings-file.ts";

/** Where a detector's settings came from. */
export type SettingsSource = "calibration-file" | "calibrated" | "family-default";

/** A detector model ready to run: its session, layout, class names and settings. */
export interface LoadedDetectorModel {
  readonly path: string;
  readonly sha256: string;
  readonly session: OnnxSession;
  readonly layout: DetectorLayout;
  /** Class names in output order. */
  readonly classNames: readonly string[];
  /** Settings before any caller override (minScore, explicit settings). */
  readonly settings: DetectionSettings;
  readonly settingsSource: SettingsSource;
  /** The calibration file beside the model, whether or not it exists. */
  readonly settingsFile: string;
}

/** Options for {@link loadDetectorModel}. */
export interface LoadDetectorModelOptions {
  /** A model-store id ("yolox-nano", "yolox-m") or a path to an .onnx file. */
  model: string;
  /** Folder of model files for store ids (turns downloads off). @defaultValue the model store's order */
  modelsDir?: string;
  /** @defaultValue "cpu" */
  device?: OnnxDevice;
  /** Class names in output order, overriding the file's metadata. @defaultValue the file's `names`, the store entry's, or COCO's */
  classNames?: readonly string[];
  /** One-line notices (download, CPU fallback, assumed class names). @defaultValue none */
  onNotice?: (message: string) => void;
}

/** Whether a `--detector` entry names a file rather than a model-store id. */
export function isModelPath(spec: string): boolean {
  return /\.onnx$/i.test(spec) || spec.includes("/") || spec.includes("\\");
}

/** The id a detector gets in traces and messages: the store id, or the file name. */
export function detectorIdOf(spec: string): string {
  return isModelPath(spec) ? basename(spec) : spec;
}

/** The store entry a spec names, undefined for a path (MODEL_NOT_FOUND listing the ids for an unknown id). */
export function storeEntryOf(spec: string): ModelEntry | undefined {
  return isModelPath(spec) ? undefined : getModelEntry(spec);
}

/**
 * Finds the model file (a path as given, or a store id through the model store), opens its ONNX session,
 * recognises its layout from its inputs and outputs, and settles its class names and settings. Class names:
 * `classNames`, else the file's `names` metadata, else the store entry's, else COCO's 80 when the output has 80
 * classes (or cannot say, as DETR exports), with a notice; otherwise CONFIG_INVALID asking for --labels.
 * Settings: a `<name>.calibration.json` beside the file, else the built-in calibration for its sha256, else the
 * family's defaults.
 */
export async function loadDetectorModel(options: LoadDetectorModelOptions): Promise<LoadedDetectorModel> {
  const { model, onNotice } = options;
  const entry = storeEntryOf(model);
  const { path, sha256 } = entry
    ? await fromStore(entry, options)
    : { path: resolve(model), sha256: await sha256OfPath(resolve(model)) };
  const metadata = await readOnnxMetadata(path);
  const session = await createOnnxSession({ modelPath: path, device: options.device ?? "cpu", onNotice });
  try {
    const layout = recogniseLayout({ inputs: session.inputs, outputs: session.outputs, metadata }, path);
    const classNames = settleClassNames({ path, layout, given: options.classNames, metadata: metadata.names, entry, onNotice });
    const settingsFile = settingsFilePath(path);
    const fromFile = await readSettingsFile(settingsFile);
    if (fromFile && !fromFile.sha256.includes(sha256)) {
      onNotice?.(`Ignoring ${settingsFile}: it was calibrated for another file (sha256 ${fromFile.sha256[0]}, this one is ${sha256}); run viper calibrate again.`);
    }
    const usable = fromFile?.sha256.includes(sha256) ? fromFile : undefined;
    const builtIn = calibratedSettingsFor(sha256);
    const settings = usable?.settings ?? builtIn?.settings ?? familyDefaultSettings(layout);
    const settingsSource: SettingsSource = usable ? "calibration-file" : builtIn ? "calibrated" : "family-default";
    return { path, sha256, session, layout, classNames, settings, settingsSource, settingsFile };
  } catch (error) {
    await session.dispose();
    throw error;
  }
}

async function fromStore(entry: ModelEntry, options: LoadDetectorModelOptions): Promise<{ path: string; sha256: string }> {
  const resolved = await resolveModel(entry.id, { modelsDir: options.modelsDir, onNotice: options.onNotice });
  return { path: resolved.path, sha256: resolved.verification.sha256 };
}

async function sha256OfPath(path: string): Promise<string> {
  try {
    await access(path);
  } catch (error) {
    throw new ViperError({
      code: "MODEL_NOT_FOUND",
      message: `The detector file ${path} does not exist. Give --detector the path of an .onnx file, or a model id (viper models list).`,
      details: { modelPath: path },
      cause: error,
    });
  }
  return sha256OfFile(path);
}

function settleClassNames(options: {
  path: string;
  layout: DetectorLayout;
  given: readonly string[] | undefined;
  metadata: string | undefined;
  entry: ModelEntry | undefined;
  onNotice: ((message: string) => void) | undefined;
}): readonly string[] {
  const { path, layout, given, metadata, entry, onNotice } = options;
  const fromMetadata = metadata === undefined ? undefined : parseClassNames(metadata);
  const names = given ?? fromMetadata ?? entry?.classNames;
  const count = layout.classCount;
  if (names) {
    if (count !== undefined && names.length !== count) {
      throw new ViperError({
        code: "CONFIG_INVALID",
        message: `${path} scores ${count} classes but ${given ? "the labels file names" : "its class names list"} ${names.length}; give a labels file with one name per class, in output order.`,
        details: { modelPath: path, classCount: count, names: names.length },
      });
    }
    return names;
  }
  if (count === undefined || count === COCO_CLASSES.length) {
    onNotice?.(`${basename(path)} carries no class names; assuming COCO's 80 classes in COCO order (pass --labels <file> to name them).`);
    return COCO_CLASSES.map((cocoClass) => cocoClass.name);
  }
  throw new ViperError({
    code: "CONFIG_INVALID",
    message: `${path} scores ${count} classes and carries no class names (no "names" metadata); pass --labels <file> with one class name per line, in output order.`,
    details: { modelPath: path, classCount: count },
  });
}
