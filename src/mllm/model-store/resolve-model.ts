import { access, readdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ViperError } from "../../errors/index.ts";
import { downloadModel, type DownloadProgress } from "./download-model.ts";
import { isOfflineEnvironment, userModelCacheDir, type ModelStoreEnvironment } from "./model-locations.ts";
import { getModelEntry, MODEL_REGISTRY, type ModelEntry } from "./model-registry.ts";
import { verifyModelFile, type ModelFileVerification } from "./verify-model-file.ts";

/** Where a resolved model file came from. */
export type ModelSource = "option" | "env" | "cache" | "download";

/** A model file ready to load. */
export interface ResolvedModel {
  readonly entry: ModelEntry;
  readonly path: string;
  readonly source: ModelSource;
  readonly verification: ModelFileVerification;
}

/** Options for {@link resolveModel}. */
export interface ResolveModelOptions {
  /** Folder holding the model file; when set, only this folder is used and downloads are off. */
  modelsDir?: string;
  /** Environment to read VIPER_MODELS_DIR, VIPER_OFFLINE and XDG_CACHE_HOME from. @defaultValue process.env */
  env?: ModelStoreEnvironment;
  /** Registry to look the id up in. @defaultValue MODEL_REGISTRY */
  registry?: readonly ModelEntry[];
  /** Download progress (see createDownloadProgressReporter). @defaultValue no progress */
  onProgress?: (progress: DownloadProgress) => void;
  /** One-line notices (downloads, retries). @defaultValue no notices */
  onNotice?: (message: string) => void;
  /** Retries and first retry delay for downloads. @defaultValue 3 retries, 1000 ms */
  retries?: number;
  retryDelayMs?: number;
}

/**
 * Finds a model file: the `modelsDir` option → `VIPER_MODELS_DIR` → the user cache → a download from the
 * official URL into the user cache (unless offline). Every file is verified (checksum, else ONNX signature)
 * before use. Missing and offline → MODEL_NOT_FOUND saying how to get the file; a file that fails
 * verification in a folder the user chose → MODEL_LOAD.
 */
export async function resolveModel(id: string, options: ResolveModelOptions = {}): Promise<ResolvedModel> {
  const { env = process.env, registry = MODEL_REGISTRY } = options;
  const entry = getModelEntry(id, registry);
  const chosen = chosenDirectory(options.modelsDir, env);
  if (chosen) {
    const path = join(chosen.directory, entry.fileName);
    if (!(await exists(path))) throw notFound(entry, `${path} does not exist (${chosen.why})`);
    const verification = await verifyModelFile(path, entry);
    if (!verification.ok) throw rejected(entry, path, verification);
    return { entry, path, source: chosen.source, verification };
  }
  const cacheDir = userModelCacheDir(env);
  const cachedPath = join(cacheDir, entry.fileName);
  if (await exists(cachedPath)) {
    const verification = await verifyModelFile(cachedPath, entry);
    if (verification.ok) return { entry, path: cachedPath, source: "cache", verification };
    options.onNotice?.(`Ignoring ${cachedPath}: ${verification.reason}.`);
    if (!isOfflineEnvironment(env)) await rm(cachedPath, { force: true });
  }
  if (isOfflineEnvironment(env)) throw notFound(entry, `it is not in the cache ${cacheDir} and VIPER_OFFLINE is set`);
  await removeStaleDownloads(cacheDir, entry);
  options.onNotice?.(`Downloading ${entry.id} (${(entry.sizeBytes / 1e6).toFixed(1)} MB) from ${entry.url} to ${cacheDir}.`);
  const path = await downloadModel({ entry, directory: cacheDir, ...pick(options) });
  return { entry, path, source: "download", verification: await verifyModelFile(path, entry) };
}

function chosenDirectory(modelsDir: string | undefined, env: ModelStoreEnvironment) {
  if (modelsDir) return { directory: resolve(modelsDir), source: "option" as const, why: "the models folder given as an option" };
  if (env.VIPER_MODELS_DIR) return { directory: resolve(env.VIPER_MODELS_DIR), source: "env" as const, why: "VIPER_MODELS_DIR" };
  return undefined;
}

function pick({ onProgress, onNotice, retries, retryDelayMs }: ResolveModelOptions) {
  return { onProgress, onNotice, retries, retryDelayMs };
}

// Temporary files of downloads that died (crash, kill) are never used; clear them before a new attempt.
async function removeStaleDownloads(directory: string, entry: ModelEntry): Promise<void> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const prefix = `.${entry.fileName}.`;
  await Promise.all(
    names.filter((name) => name.startsWith(prefix) && name.endsWith(".download")).map((name) => rm(join(directory, name), { force: true })),
  );
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function notFound(entry: ModelEntry, why: string): ViperError {
  return new ViperError({
    code: "MODEL_NOT_FOUND",
    message:
      `Model ${entry.id} (${entry.fileName}) is not available: ${why}. Get it with \`viper models pull ${entry.id}\` ` +
      `(needs network), or download ${entry.url} and set VIPER_MODELS_DIR (or --models-dir) to the folder holding ${entry.fileName}.`,
    details: { model: entry.id, fileName: entry.fileName, url: entry.url },
  });
}

function rejected(entry: ModelEntry, path: string, verification: ModelFileVerification): ViperError {
  return new ViperError({
    code: "MODEL_LOAD",
    message:
      `${path} is not a usable ${entry.id} model: ${verification.reason}. Replace it with the official file from ${entry.url} ` +
      `(sha256 ${entry.sha256[0]}).`,
    details: { model: entry.id, path, sha256: verification.sha256 },
  });
}
