import { access } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ViperError } from "../../errors/index.ts";
import { MODEL_REGISTRY, resolveModel, userModelCacheDir, YOLOX_NANO, type ModelEntry } from "../../mllm/model-store/index.ts";
import type { DoctorCheck } from "./doctor-check.ts";

/** Where model files are looked for, and whether that folder was chosen (which turns downloads off). */
export function modelsFolder(modelsDir: string | undefined): { folder: string; chosen: boolean } {
  if (modelsDir) return { folder: resolve(modelsDir), chosen: true };
  if (process.env.VIPER_MODELS_DIR) return { folder: resolve(process.env.VIPER_MODELS_DIR), chosen: true };
  return { folder: userModelCacheDir(), chosen: false };
}

/**
 * One check per registry model: present and verified (checksum or ONNX signature) → ok; a file that fails
 * verification → fail; missing → fail for the default detector's model when downloads are off (photos
 * cannot be answered), else a note saying how to get it.
 */
export async function checkModels(modelsDir: string | undefined): Promise<DoctorCheck[]> {
  const { folder, chosen } = modelsFolder(modelsDir);
  return Promise.all(MODEL_REGISTRY.map((entry) => checkModel(entry, folder, chosen)));
}

async function checkModel(entry: ModelEntry, folder: string, chosen: boolean): Promise<DoctorCheck> {
  const name = `model ${entry.id}`;
  const path = join(folder, entry.fileName);
  if (!(await access(path).then(() => true, () => false))) {
    const needed = chosen && entry.id === YOLOX_NANO.id;
    const get = chosen
      ? `put ${entry.fileName} there (from ${entry.url}) or run \`viper models pull ${entry.id} --models-dir ${folder}\``
      : `it is downloaded on first use (needs network), or now with \`viper models pull ${entry.id}\``;
    return { name, status: needed ? "fail" : "note", detail: `not in ${folder}: ${get}` };
  }
  try {
    const { verification } = await resolveModel(entry.id, { modelsDir: folder });
    return { name, status: "ok", detail: `${path} verified by ${verification.method} (${verification.sizeBytes} bytes)` };
  } catch (error) {
    if (!ViperError.isInstance(error)) throw error;
    return { name, status: "fail", detail: `${error.code}: ${error.message}` };
  }
}
