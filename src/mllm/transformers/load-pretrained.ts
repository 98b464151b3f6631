import { env } from "@huggingface/transformers";
import { ViperError } from "../../errors/index.ts";
import { cudaFailure, firstLine, selectDevice } from "./device-selection.ts";
import { locateModel } from "./model-location.ts";
import type { TransformersModelOptions } from "./transformers-options.ts";

/** What a loader receives: the id to load and the transformers.js device and dtype. */
export interface PretrainedRequest {
  readonly modelId: string;
  readonly device: "cpu" | "cuda";
  readonly dtype: NonNullable<TransformersModelOptions["dtype"]>;
}

/** A loaded model and where it ended up running. */
export interface Loaded<T> {
  readonly value: T;
  readonly device: "cpu" | "cuda";
}

// transformers.js keeps its model paths in one global `env`; loads are queued so each sees its own settings.
let loadQueue: Promise<unknown> = Promise.resolve();

/**
 * Loads a transformers.js model (pipeline, processor, model) with the location, device and dtype rules
 * every in-process back-end shares. Failures become ViperErrors: MODEL_NOT_FOUND, DEVICE_UNAVAILABLE or
 * MODEL_LOAD.
 */
export async function loadPretrained<T>(options: TransformersModelOptions, load: (request: PretrainedRequest) => Promise<T>): Promise<Loaded<T>> {
  const run = loadQueue.then(() => loadNow(options, load));
  loadQueue = run.catch(() => undefined);
  return run;
}

async function loadNow<T>(options: TransformersModelOptions, load: (request: PretrainedRequest) => Promise<T>): Promise<Loaded<T>> {
  const { model, device = "cpu", dtype = "fp32", onNotice } = options;
  const location = locateModel(options);
  env.allowLocalModels = true;
  env.allowRemoteModels = location.allowRemoteModels;
  env.localModelPath = location.localModelPath;
  env.cacheDir = location.cacheDir;
  const first = selectDevice({ device, model, onNotice });
  try {
    return { value: await load({ modelId: location.modelId, device: first, dtype }), device: first };
  } catch (error) {
    if (first !== "cuda") throw loadFailure(model, error);
    if (device === "cuda") throw cudaFailure(model, error);
    onNotice?.(`CUDA could not start for ${model} (${firstLine(error)}); running on the CPU.`);
  }
  try {
    return { value: await load({ modelId: location.modelId, device: "cpu", dtype }), device: "cpu" };
  } catch (error) {
    throw loadFailure(model, error);
  }
}

function loadFailure(model: string, error: unknown): ViperError {
  if (ViperError.isInstance(error)) return error;
  const reason = firstLine(error);
  const missingFile = /could not locate file|not found|no such file|ENOENT/i.test(reason);
  return new ViperError({
    code: missingFile ? "MODEL_NOT_FOUND" : "MODEL_LOAD",
    message: missingFile
      ? `The model ${model} is missing a file (${reason}). Check the folder holds the ONNX files for the chosen dtype (e.g. onnx/model.onnx for "fp32", onnx/model_q4.onnx for "q4").`
      : `Cannot load the model ${model}: ${reason}. Check it is a transformers.js-compatible ONNX export (config.json, onnx/*.onnx).`,
    details: { model },
    cause: error,
  });
}
