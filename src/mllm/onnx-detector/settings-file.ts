import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ViperError } from "../../errors/index.ts";
import type { DetectionSettings, TilingSettings } from "../detection/detection-settings.ts";
import type { CalibratedSettings } from "./calibrated-settings.ts";

/** Where `viper calibrate` writes a model's settings: `<name>.calibration.json` beside `<name>.onnx`. */
export function settingsFilePath(modelPath: string): string {
  return join(dirname(modelPath), `${basename(modelPath).replace(/\.onnx$/i, "")}.calibration.json`);
}

/** Writes calibrated settings as JSON (pretty-printed, so people can read and edit them). */
export async function writeSettingsFile(path: string, calibrated: CalibratedSettings): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(calibrated, null, 2)}\n`);
  } catch (error) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `Cannot write the calibration to ${path}: ${(error as Error).message}. Choose a writable --out.`, details: { path }, cause: error });
  }
}

/**
 * Reads the settings file beside a model, if there is one. A file that is not valid JSON settings →
 * CONFIG_INVALID naming it; undefined when there is no file.
 */
export async function readSettingsFile(path: string): Promise<CalibratedSettings | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<CalibratedSettings>;
    if (typeof value.model !== "string" || !Array.isArray(value.sha256) || !isSettings(value.settings)) throw new Error("missing model, sha256 or settings");
    return value as CalibratedSettings;
  } catch (error) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `${path} is not a calibration file (${(error as Error).message}); run \`viper calibrate\` again or delete it.`,
      details: { path },
      cause: error,
    });
  }
}

function isSettings(value: unknown): value is DetectionSettings {
  if (typeof value !== "object" || value === null) return false;
  const settings = value as Record<string, unknown>;
  const fractions = ["scoreThreshold", "candidateThreshold", "nmsIouThreshold", "containmentThreshold"];
  return (
    fractions.every((key) => isFraction(settings[key])) &&
    (settings.softNmsSigma === undefined || isPositive(settings.softNmsSigma)) &&
    (settings.tiling === false || isTiling(settings.tiling))
  );
}

function isTiling(value: unknown): value is TilingSettings {
  if (typeof value !== "object" || value === null) return false;
  const tiling = value as Record<string, unknown>;
  return (
    isPositive(tiling.tileSizePx) && isPositive(tiling.minSideForTilingPx) &&
    isFraction(tiling.overlapFraction) && isFraction(tiling.edgeMarginFraction) && isFraction(tiling.maxTileBoxFraction)
  );
}

function isFraction(value: unknown): boolean {
  return typeof value === "number" && value >= 0 && value <= 1;
}

function isPositive(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}
