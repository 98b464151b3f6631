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
import { readCommandLine, writeUsageError } from "../command-line.ts";

const USAGE = `Usage: viper models list|pull|verify [<id>] [--models-dir <folder>]

Lists the known models and where each is found, downloads one (with a progress bar and a checksum check)
or verifies local files.

  list                            known models and where each is found
  pull <id>                       download a model unless a valid copy is already there
  verify [<id>]                   check the checksum (or ONNX signature) of one model's file, or of the default
                                  model and every other one that is present
  --models-dir <folder>           folder of model files (default VIPER_MODELS_DIR, else the user cache)`;

const OPTIONS = { "models-dir": { type: "string" }, help: { type: "boolean", short: "h" } } as const;

/**
 * `viper models list|pull|verify`: lists the known models and their local files, downloads one with a
 * progress bar, or verifies local files. Returns the exit code (0 ok, 1 a model missing or invalid, 2 usage).
 */
export async function runModelsCommand(argv: string[], io: CliIo): Promise<number> {
  const commandLine = readCommandLine(argv, io, { command: "models", usage: USAGE, options: OPTIONS });
  if (commandLine.exitCode !== undefined) return commandLine.exitCode;
  const { values, positionals } = commandLine.parsed;
  const [action, ...ids] = positionals;
  const modelsDir = values["models-dir"];
  if (modelsDir === "") return writeUsageError(io, { command: "models", problem: "--models-dir needs a folder", usage: USAGE });
  if (action === "list" && ids.length === 0) return list(io, modelsDir);
  if (action === "pull" && ids.length === 1) return pull(io, getModelEntry(ids[0]!), modelsDir);
  if (action === "verify" && ids.length <= 1) {
    // Without an id: the default model must be there; the optional larger ones are checked when present.
    const entries = ids.length === 1 ? [getModelEntry(ids[0]!)] : MODEL_REGISTRY;
    return verify(io, entries, modelsDir, ids.length === 1 ? entries : MODEL_REGISTRY.slice(0, 1));
  }
  const problem = action === undefined ? "expected list, pull or verify" : `unknown or incomplete command: models ${positionals.join(" ")}`;
  return writeUsageError(io, { command: "models", problem, usage: USAGE });
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
    const { method, sha256 } = await verifyModelFile(path, entry);
    io.stdout.write(`${entry.id} downloaded and verified (${method}): ${path} sha256 ${sha256}\n`);
    return 0;
  } finally {
    reporter.finish();
  }
}

async function verify(io: CliIo, entries: readonly ModelEntry[], modelsDir: string | undefined, required: readonly ModelEntry[]): Promise<number> {
  let failures = 0;
  for (const entry of entries) {
    if (!required.includes(entry) && !(await access(join(folderFor(modelsDir), entry.fileName)).then(() => true, () => false))) {
      io.stdout.write(`${entry.id}: not downloaded (optional; viper models pull ${entry.id})\n`);
      continue;
    }
    try {
      const resolved = await resolveModel(entry.id, { modelsDir: modelsDir ?? folderFor(undefined) });
      const { method, sha256, sizeBytes } = resolved.verification;
      io.stdout.write(`${entry.id}: ok (${method}) ${resolved.path} ${sizeBytes} bytes sha256 ${sha256}\n`);
    } catch (error) {
      if (!ViperError.isInstance(error)) throw error;
      failures++;
      io.stdout.write(`${entry.id}: ${error.code}: ${error.message}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}
