export { downloadModel, type DownloadModelOptions, type DownloadProgress } from "./download-model.ts";
export {
  createDownloadProgressReporter,
  type DownloadProgressReporter,
  type DownloadProgressReporterOptions,
} from "./download-progress.ts";
export { sha256OfFile } from "./file-checksum.ts";
export { isOfflineEnvironment, userModelCacheDir, type ModelStoreEnvironment } from "./model-locations.ts";
export { getModelEntry, MODEL_REGISTRY, YOLOX_NANO, type ModelEntry } from "./model-registry.ts";
export { resolveModel, type ModelSource, type ResolvedModel, type ResolveModelOptions } from "./resolve-model.ts";
export { verifyModelFile, type ModelFileVerification } from "./verify-model-file.ts";
