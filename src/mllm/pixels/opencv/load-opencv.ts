import { createRequire } from "node:module";
import type * as OpenCvModule from "@techstark/opencv-js";
import { ViperError } from "../../../errors/index.ts";

/**
 * The OpenCV.js module (`@techstark/opencv-js`, the official opencv.js build: WebAssembly, one thread),
 * with the Emscripten heap, whose size shows whether Mats leak.
 */
export type OpenCv = typeof OpenCvModule & { readonly HEAPU8: Uint8Array };

let loading: Promise<OpenCv> | undefined;

/**
 * Loads OpenCV.js once per process, on first use: it is a 10 MB script with the WebAssembly inside, which
 * takes about half a second to compile and start, so only runs that analyse a plain-background scene pay
 * for it. Later calls get the same instance.
 * @throws ViperError `MODEL_LOAD` when the package cannot be loaded or started.
 */
export function loadOpenCv(): Promise<OpenCv> {
  loading ??= startOpenCv().catch((error: unknown) => {
    loading = undefined;
    throw new ViperError({
      code: "MODEL_LOAD",
      message: `Pixel analysis could not load OpenCV.js (@techstark/opencv-js): ${error instanceof Error ? error.message : String(error)}. Reinstall the package's dependencies (npm ci).`,
      details: { backend: "pixels", library: "@techstark/opencv-js" },
      cause: error,
    });
  });
  return loading;
}

/** The Emscripten module object as the package exports it. */
interface EmscriptenModule {
  Mat?: unknown;
  then?: unknown;
  onRuntimeInitialized?: () => void;
  onAbort?: (reason: unknown) => void;
}

async function startOpenCv(): Promise<OpenCv> {
  const module = createRequire(import.meta.url)("@techstark/opencv-js") as EmscriptenModule | Promise<OpenCv>;
  if (module instanceof Promise) return module;
  await new Promise<void>((resolve, reject) => {
    if (module.Mat !== undefined) return resolve();
    module.onRuntimeInitialized = () => resolve();
    module.onAbort = (reason) => reject(new Error(`OpenCV.js aborted while starting: ${String(reason)}`));
  });
  // The module is a "thenable" whose then() hands back the module itself, so awaiting it (or returning it
  // from an async function) loops for ever. It is not needed once the runtime is up.
  delete module.then;
  return module as unknown as OpenCv;
}
