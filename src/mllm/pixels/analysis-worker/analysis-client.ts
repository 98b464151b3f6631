import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ViperError, type ViperErrorCode } from "../../../errors/index.ts";
import type { RgbImage } from "../../rgb-image.ts";
import type { PixelObject } from "../scene-objects.ts";
import type { AnalysisRequest, AnalysisResponse } from "./analysis-messages.ts";

/**
 * The process's analysis worker, started by the first analysis (so a photo, or a program that never looks
 * at pixels, never loads OpenCV.js); replaced if it dies. It never keeps the process alive while idle.
 */
let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (objects: PixelObject[]) => void; reject: (error: Error) => void }>();

/**
 * Analyses an image in the worker thread (the same analysis as `analyzeObjects`, off the main thread).
 * @throws ViperError with the worker's code (e.g. `MODEL_LOAD` when OpenCV.js cannot be loaded), or
 * `MODEL_LOAD` when the worker thread dies.
 */
export function analyzeInWorker(image: RgbImage): Promise<PixelObject[]> {
  const thread = ensureWorker();
  const id = nextId++;
  const request: AnalysisRequest = { id, width: image.width, height: image.height, data: image.data };
  return new Promise((resolve, reject) => {
    // While an answer is awaited the worker keeps the process alive; when idle it does not.
    if (pending.size === 0) thread.ref();
    pending.set(id, { resolve, reject });
    thread.postMessage(request);
  });
}

function ensureWorker(): Worker {
  if (worker !== undefined) return worker;
  // The worker entry sits beside this file, as .ts in a checkout and .js in the built package.
  const entry = new URL(`./worker-entry${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  const thread = new Worker(entry, workerOptions());
  thread.on("message", (response: AnalysisResponse) => settle(thread, response));
  thread.on("error", (error) => failAll(thread, error));
  thread.on("exit", (code) => failAll(thread, new Error(`the pixel-analysis worker stopped (exit code ${code})`)));
  // After the listeners: adding a "message" listener refs the worker's port again.
  thread.unref();
  worker = thread;
  return thread;
}

/**
 * The worker inherits the process's flags, except that a `node --input-type=... -e` parent's flag would
 * stop it from running a module file; given explicitly, the flags must also leave out the per-process
 * --no-node-snapshot.
 */
function workerOptions(): { execArgv?: string[] } {
  if (!process.execArgv.some((flag) => flag.startsWith("--input-type"))) return {};
  return { execArgv: process.execArgv.filter((flag) => !flag.startsWith("--input-type") && flag !== "--no-node-snapshot") };
}

function settle(thread: Worker, response: AnalysisResponse): void {
  const waiting = pending.get(response.id);
  if (waiting === undefined) return;
  pending.delete(response.id);
  if (pending.size === 0) thread.unref();
  if ("objects" in response) return waiting.resolve(response.objects);
  const { message, code, details } = response.error;
  waiting.reject(code === undefined ? new Error(message) : new ViperError({ code: code as ViperErrorCode, message, details }));
}

function failAll(thread: Worker, cause: Error): void {
  if (worker === thread) worker = undefined;
  const error = new ViperError({
    code: "MODEL_LOAD",
    message: `Pixel analysis failed: ${cause.message}. The next request starts a new worker.`,
    details: { backend: "pixels" },
    cause,
  });
  for (const [id, waiting] of pending) {
    pending.delete(id);
    waiting.reject(error);
  }
}
