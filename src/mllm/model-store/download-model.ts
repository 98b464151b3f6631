import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { ViperError } from "../../errors/index.ts";
import type { ModelEntry } from "./model-registry.ts";
import { verifyModelFile } from "./verify-model-file.ts";

/** Bytes received so far in one download attempt. */
export interface DownloadProgress {
  readonly modelId: string;
  readonly receivedBytes: number;
  /** From Content-Length, else the registry size. */
  readonly totalBytes: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** Options for {@link downloadModel}. */
export interface DownloadModelOptions {
  /** What to download (URL, size, accepted checksums). */
  entry: ModelEntry;
  /** Folder the file ends up in (created if missing). */
  directory: string;
  /** Called as bytes arrive. @defaultValue no progress */
  onProgress?: (progress: DownloadProgress) => void;
  /** One-line notices (retries). @defaultValue no notices */
  onNotice?: (message: string) => void;
  /**
   * Retries after a network error, a dropped connection, HTTP 429 or 5xx.
   * @defaultValue 3
   */
  retries?: number;
  /**
   * Wait before the first retry; doubles for each further one.
   * @defaultValue 1000
   */
  retryDelayMs?: number;
}

/**
 * Downloads a model to a temporary file in the target folder, checks its size and sha256, then renames it
 * into place, so a partial or wrong file never carries the model's name. A checksum mismatch → MODEL_DOWNLOAD
 * and nothing is left behind — unless the entry's checksum could not be verified here (`acceptBySignature`):
 * then a file whose ONNX inputs and outputs match the entry's signature is kept, with a notice giving its
 * sha256 so it can be pinned. Returns the final path.
 */
export async function downloadModel(options: DownloadModelOptions): Promise<string> {
  const { entry, directory, onProgress, onNotice, retries = 3, retryDelayMs = 1000 } = options;
  await mkdir(directory, { recursive: true });
  const finalPath = join(directory, entry.fileName);
  for (let attempt = 1; ; attempt++) {
    const temporaryPath = join(directory, `.${entry.fileName}.${randomBytes(6).toString("hex")}.download`);
    try {
      const sha256 = await fetchToFile(entry, temporaryPath, attempt, onProgress);
      await checkDownloaded({ entry, path: temporaryPath, sha256: sha256.digest, sizeBytes: sha256.sizeBytes, onNotice });
      await rename(temporaryPath, finalPath);
      return finalPath;
    } catch (error) {
      await rm(temporaryPath, { force: true });
      const retryable = !ViperError.isInstance(error) || error.details.retryable === true;
      if (!retryable || attempt > retries) throw asDownloadError(entry, error, attempt);
      const delayMs = retryDelayMs * 2 ** (attempt - 1);
      onNotice?.(`Download of ${entry.id} failed (${describe(error)}); retrying in ${delayMs} ms (attempt ${attempt + 1} of ${retries + 1}).`);
      await new Promise((resolveDelay) => setTimeout(resolveDelay, delayMs));
    }
  }
}

async function fetchToFile(
  entry: ModelEntry,
  path: string,
  attempt: number,
  onProgress: DownloadModelOptions["onProgress"],
): Promise<{ digest: string; sizeBytes: number }> {
  const response = await fetch(entry.url, { redirect: "follow" });
  if (!response.ok || !response.body) {
    const retryable = response.status >= 500 || response.status === 429;
    throw new ViperError({
      code: "MODEL_DOWNLOAD",
      message: `${entry.url} answered HTTP ${response.status} ${response.statusText}`.trim(),
      details: { status: response.status, retryable },
    });
  }
  const totalBytes = Number(response.headers.get("content-length")) || entry.sizeBytes;
  const hash = createHash("sha256");
  const file = await open(path, "wx");
  let receivedBytes = 0;
  try {
    for await (const chunk of response.body) {
      hash.update(chunk);
      await file.write(chunk);
      receivedBytes += chunk.byteLength;
      onProgress?.({ modelId: entry.id, receivedBytes, totalBytes, attempt });
    }
  } finally {
    await file.close();
  }
  return { digest: hash.digest("hex"), sizeBytes: receivedBytes };
}

async function checkDownloaded(options: {
  entry: ModelEntry;
  path: string;
  sha256: string;
  sizeBytes: number;
  onNotice: DownloadModelOptions["onNotice"];
}): Promise<void> {
  const { entry, path, sha256, sizeBytes, onNotice } = options;
  if (sizeBytes === entry.sizeBytes && entry.sha256.includes(sha256)) return;
  if (entry.acceptBySignature && entry.signature && (await verifyModelFile(path, entry)).ok) {
    onNotice?.(
      `The download of ${entry.id} (${sizeBytes} bytes, sha256 ${sha256}) is not the file on record (${entry.sizeBytes} bytes, sha256 ${entry.sha256[0]}), ` +
        "which could not be verified here; it was accepted because its ONNX inputs and outputs match. Pin this sha256 if you trust the source.",
    );
    return;
  }
  throw new ViperError({
    code: "MODEL_DOWNLOAD",
    message:
      `The download of ${entry.id} from ${entry.url} is not the expected file: got ${sizeBytes} bytes with sha256 ${sha256}, ` +
      `expected ${entry.sizeBytes} bytes with sha256 ${entry.sha256[0]}. It was deleted. The file may have been replaced upstream ` +
      "or corrupted by a proxy; download it yourself and point VIPER_MODELS_DIR at its folder.",
    details: { model: entry.id, url: entry.url, sha256, sizeBytes, retryable: false },
  });
}

function asDownloadError(entry: ModelEntry, error: unknown, attempts: number): ViperError {
  if (ViperError.isInstance(error) && error.details.retryable === false) return error;
  return new ViperError({
    code: "MODEL_DOWNLOAD",
    message:
      `Cannot download ${entry.id} from ${entry.url} after ${attempts} attempt(s): ${describe(error)}. ` +
      `Check the network, or download the file yourself and set VIPER_MODELS_DIR to its folder.`,
    details: { model: entry.id, url: entry.url, attempts },
    cause: error,
  });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
