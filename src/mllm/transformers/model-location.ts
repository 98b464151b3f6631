import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ViperError } from "../../errors/index.ts";
import { isOfflineEnvironment, userModelCacheDir } from "../model-store/index.ts";
import type { TransformersModelOptions } from "./transformers-options.ts";

/** Where transformers.js should look for one model, and whether it may download it. */
export interface ModelLocation {
  /** The id to pass to `from_pretrained` (a hub id, or a folder name under `localModelPath`). */
  readonly modelId: string;
  /** transformers.js `env.localModelPath`: the folder holding `<modelId>/`. */
  readonly localModelPath: string;
  /** transformers.js `env.cacheDir` for downloaded files. */
  readonly cacheDir: string;
  /** transformers.js `env.allowRemoteModels`. */
  readonly allowRemoteModels: boolean;
}

/**
 * Resolves a model the way the model store does: an explicit folder path → the models folder
 * (`modelsDir` option, else `VIPER_MODELS_DIR`; downloads off) → the user cache (downloads on unless
 * offline). A model that must be on disk and is not → MODEL_NOT_FOUND saying where to put it.
 */
export function locateModel(options: Pick<TransformersModelOptions, "model" | "modelsDir" | "offline">, environment: NodeJS.ProcessEnv = process.env): ModelLocation {
  const cacheDir = join(userModelCacheDir(environment), "transformers");
  const folder = asExistingFolder(options.model);
  if (folder !== undefined) {
    requireConfig(folder, options.model, dirname(folder));
    return { modelId: basename(folder), localModelPath: `${dirname(folder)}/`, cacheDir, allowRemoteModels: false };
  }
  const modelsDir = options.modelsDir ?? nonEmpty(environment.VIPER_MODELS_DIR);
  if (modelsDir !== undefined) {
    const root = resolve(modelsDir);
    requireConfig(join(root, options.model), options.model, root);
    return { modelId: options.model, localModelPath: `${root}/`, cacheDir, allowRemoteModels: false };
  }
  const offline = options.offline ?? isOfflineEnvironment(environment);
  if (offline) requireConfig(join(cacheDir, options.model), options.model, cacheDir);
  return { modelId: options.model, localModelPath: `${cacheDir}/`, cacheDir, allowRemoteModels: !offline };
}

function asExistingFolder(model: string): string | undefined {
  const looksLikePath = model.startsWith("/") || model.startsWith("./") || model.startsWith("../") || model.startsWith("~");
  if (!looksLikePath) return undefined;
  const path = resolve(model);
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new ViperError({
      code: "MODEL_NOT_FOUND",
      message: `The model folder ${path} does not exist. Give a hub model id (e.g. onnx-community/depth-anything-v2-small) or the path of a folder holding config.json and onnx/.`,
      details: { model, path },
    });
  }
  return path;
}

function requireConfig(folder: string, model: string, root: string): void {
  if (existsSync(join(folder, "config.json"))) return;
  throw new ViperError({
    code: "MODEL_NOT_FOUND",
    message:
      `The model ${model} is not on disk and downloads are off: expected its files (config.json, onnx/*.onnx, ` +
      `tokenizer and processor JSON) in ${folder}. Copy the hub repository ${model} there, or allow downloads ` +
      `(unset VIPER_OFFLINE and VIPER_MODELS_DIR) to fetch it into the cache.`,
    details: { model, expectedFolder: folder, modelsDir: root },
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim().length > 0 ? value : undefined;
}
