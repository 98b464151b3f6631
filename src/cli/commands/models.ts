import { access } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ViperError } from "../../errors/index.ts";
import {
  createDownloadProgressReporter,
  downloadModel,
  getModelEntry,
  MODEL_REGISTRY,
  resolveModel,
  userModelCacheDir,
  verifyModelFile,
  type ModelEntry,
} from "../../mllm/model-store/index.ts";
import type { CliIo } from "../cli-io.ts";

const USAGE = `Usage:
  viper models list                     known models and where each is found
  viper models pull <id> [--models-dir <folder>]   download (into --models-dir, VIPER_MODELS_DIR or the user cache)
  viper models verify [<id>] [--models-dir <folder>]  check size/checksum or ONNX signature of local files
`;

/**
 * `viper models list|pull|verify`: lists the known models and their local files, downloads one with a
 * progress bar, or verifies local files. Returns the exit code (0 ok, 1 a model missing or invalid, 2 usage).
 */
export async function runModelsCommand(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  const modelsDirIndex = rest.indexOf("--models-dir");
  const modelsDir = modelsDirIndex >= 0 ? rest[modelsDirIndex + 1] : undefined;
  const ids = modelsDirIndex < 0 ? rest : rest.filter((_, index) => index !== modelsDirIndex && index !== modelsDirIndex + 1);
  if (modelsDirIndex >= 0 && !modelsDir) return usage(io, "--models-dir needs a folder");
  try {
    if (action === "list" && ids.length === 0) return await list(io, modelsDir);
    if (action === "pull" && ids.length === 1) return await pull(io, getModelEntry(ids[0]!), modelsDir);
    if (action === "verify" && ids.length <= 1) {
      const entries = ids.length === 1 ? [getModelEntry(ids[0]!)] : MODEL_REGISTRY;
      return await verify(io, entries, modelsDir);
    }
  } catch (error) {
    if (!ViperError.isInstance(error)) throw error;
    io.stderr.write(`error ${error.code}: ${error.message}\n`);
    return 1;
  }
  return usage(io, action ? `unknown or incomplete command: models ${argv.join(" ")}` : "missing sub-command");
}

function usage(io: CliIo, problem: string): number {
  io.stderr.write(`${problem}\n${USAGE}`);
  return 2;
}

// The folder a model is looked for in: the option, VIPER_MODELS_DIR, else the user cache.
function folderFor(modelsDir: string | undefined): string {
  if (modelsDir) return resolve(modelsDir);
  if (process.env.VIPER_MODELS_DIR) return resolve(process.env.VIPER_MODELS_DIR);
  return userModelCacheDir();
}

async function list(io: CliIo, modelsDir: string | undefined): Promise<number> {
  for (const entry of MODEL_REGISTRY) {
    const path = join(folderFor(modelsDir), entry.fileName);
    const present = await access(path).then(() => true, () => false);
    io.stdout.write(`${entry.id}\t${entry.description}\t${entry.licence}\n  ${present ? `found: ${path}` : `not downloaded (${entry.url}, ${entry.sizeBytes} bytes)`}\n`);
  }
  return 0;
}

async function pull(io: CliIo, entry: ModelEntry, modelsDir: string | undefined): Promise<number> {
  const directory = folderFor(modelsDir);
  const existing = join(directory, entry.fileName);
  if (await access(existing).then(() => true, () => false)) {
    const verification = await verifyModelFile(existing, entry);
    if (verification.ok) {
      io.stdout.write(`${entry.id} is already present and valid (${verification.method}): ${existing}\n`);
      return 0;
    }
    io.stderr.write(`${existing} is not valid (${verification.reason}); downloading a fresh copy.\n`);
  }
  const reporter = createDownloadProgressReporter({ stream: io.stderr as NodeJS.WritableStream & { isTTY?: boolean } });
  try {
    const path = await downloadModel({ entry, directory, onProgress: reporter.onProgress, onNotice: (message) => io.stderr.write(`${message}\n`) });
    io.stdout.write(`${entry.id} downloaded and verified: ${path}\n`);
    return 0;
  } finally {
    reporter.finish();
  }
}

async function verify(io: CliIo, entries: readonly ModelEntry[], modelsDir: string | undefined): Promise<number> {
  let failures = 0;
  for (const entry of entries) {
    try {
      const resolved = await resolveModel(entry.id, { modelsDir: modelsDir ?? folderFor(undefined) });
      const { method, sha256, sizeBytes } = resolved.verification;
      io.stdout.write(`${entry.id}: ok (${method}) ${resolved.path} ${sizeBytes} bytes sha256 ${sha256}\n`);
    } catch (error) {
      if (!ViperError.isInstance(error)) throw error;
      failures++;
      io.stdout.write(`${entry.id}: ${error.code} ${error.message}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}
