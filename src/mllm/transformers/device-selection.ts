import { ViperError } from "../../errors/index.ts";
import { CUDA_INSTALL_HINT, isCudaProviderInstalled } from "../onnx/cuda-provider.ts";
import type { TransformersDevice } from "./transformers-options.ts";

/** Options for {@link selectDevice}. */
export interface SelectDeviceOptions {
  readonly device: TransformersDevice;
  /** Which model wants it (for messages). */
  readonly model: string;
  readonly onNotice?: (message: string) => void;
  /** @defaultValue {@link isCudaProviderInstalled} */
  readonly cudaProviderInstalled?: () => boolean;
}

/**
 * Picks the device to try first. `cuda` without the provider → DEVICE_UNAVAILABLE; `auto` without it →
 * "cpu" and a notice. (With the provider, `auto` tries "cuda" and {@link cudaFailure} decides the rest.)
 */
export function selectDevice({ device, model, onNotice, cudaProviderInstalled = isCudaProviderInstalled }: SelectDeviceOptions): "cpu" | "cuda" {
  if (device === "cpu") return "cpu";
  if (cudaProviderInstalled()) return "cuda";
  if (device === "cuda") {
    throw new ViperError({
      code: "DEVICE_UNAVAILABLE",
      message: `Cannot run ${model} on CUDA: this onnxruntime-node has no CUDA execution provider. To use the GPU, ${CUDA_INSTALL_HINT}; or use --device cpu (or auto).`,
      details: { model, device },
    });
  }
  onNotice?.(`CUDA is not available for ${model} (onnxruntime-node has no CUDA provider); running on the CPU.`);
  return "cpu";
}

/** The DEVICE_UNAVAILABLE error for a CUDA session that failed to start (runtime libraries missing). */
export function cudaFailure(model: string, cause: unknown): ViperError {
  return new ViperError({
    code: "DEVICE_UNAVAILABLE",
    message: `Cannot run ${model} on CUDA: ONNX Runtime could not start its CUDA provider (${firstLine(cause)}). Check the CUDA 12 runtime and cuDNN 9 are installed, or ${CUDA_INSTALL_HINT}; or use --device cpu (or auto).`,
    details: { model, device: "cuda" },
    cause,
  });
}

/** The first line of an error's message. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}
