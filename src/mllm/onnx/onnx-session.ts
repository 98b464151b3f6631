import type * as ort from "onnxruntime-web";
import { ViperError } from "../../errors/index.ts";
import { CUDA_INSTALL_HINT, isCudaProviderInstalled } from "./cuda-provider.ts";
import { loadOnnxRuntime, type OnnxRuntimeApi, type OnnxRuntimeName } from "./onnx-runtime.ts";

/** Where a model runs. `auto` uses CUDA when it can be loaded, else the CPU (with a notice). */
export type OnnxDevice = "cpu" | "cuda" | "auto";

/** Name, element type and shape of one model input or output (-1 or a name for a free dimension). */
export interface OnnxTensorSignature {
  readonly name: string;
  readonly type: string;
  readonly shape: ReadonlyArray<number | string>;
}

/** A float32 tensor passed to or returned by {@link OnnxSession.run}. */
export interface OnnxFloatTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** An int64 tensor (sizes, class indices), as end-to-end detectors take and give them. */
export interface OnnxInt64Tensor {
  readonly data: BigInt64Array;
  readonly dims: readonly number[];
}

/** A tensor {@link OnnxSession.run} passes or returns: float32 or int64. */
export type OnnxTensor = OnnxFloatTensor | OnnxInt64Tensor;

/** A loaded ONNX model. The only handle the rest of viper-ts has on ONNX Runtime. */
export interface OnnxSession {
  /** The device the session actually runs on. */
  readonly device: "cpu" | "cuda";
  readonly inputs: readonly OnnxTensorSignature[];
  readonly outputs: readonly OnnxTensorSignature[];
  /** Runs the model on float32 or int64 inputs by name; returns every float32 and int64 output by name. */
  run(feeds: Readonly<Record<string, OnnxTensor>>): Promise<Record<string, OnnxTensor>>;
  /** Frees the native session. Later `run` calls fail with MODEL_LOAD. */
  dispose(): Promise<void>;
}

/** Options for {@link createOnnxSession}. */
export interface CreateOnnxSessionOptions {
  /** Path of the `.onnx` file. */
  modelPath: string;
  /**
   * Device to run on.
   * @defaultValue "cpu"
   */
  device?: OnnxDevice;
  /** Receives one-line notices (e.g. `auto` falling back to the CPU). @defaultValue no notices */
  onNotice?: (message: string) => void;
  /**
   * Threads ONNX Runtime may use inside one operator; 0 lets it choose.
   * @defaultValue 0
   */
  intraOpThreads?: number;
  /**
   * Which ONNX Runtime package runs the model.
   * @defaultValue VIPER_ONNX_RUNTIME, else "auto": onnxruntime-node when installed, else onnxruntime-web
   */
  runtime?: OnnxRuntimeName | "auto";
}

/**
 * Loads an ONNX model. `device: "cuda"` without a usable CUDA runtime → DEVICE_UNAVAILABLE; a missing or
 * unreadable model → MODEL_LOAD.
 */
export async function createOnnxSession(options: CreateOnnxSessionOptions): Promise<OnnxSession> {
  const { modelPath, device = "cpu", onNotice, intraOpThreads = 0 } = options;
  const { runtime } = await loadOnnxRuntime(options.runtime);
  const api = runtime.api;
  if (device !== "cpu") {
    // Without the provider library there is nothing to try (and trying makes ONNX Runtime print raw lines).
    const unavailable = !runtime.canUseCuda ? `${runtime.name} runs on the CPU only` : !isCudaProviderInstalled() ? "onnxruntime-node has no CUDA provider installed" : undefined;
    if (unavailable === undefined) {
      try {
        return wrap(api, await api.InferenceSession.create(modelPath, sessionOptions(["cuda"], intraOpThreads)), "cuda");
      } catch (error) {
        if (device === "cuda") {
          throw new ViperError({
            code: "DEVICE_UNAVAILABLE",
            message:
              `Cannot run ${modelPath} on CUDA: ONNX Runtime could not load its CUDA provider (${firstLine(error)}). ` +
              "Install the CUDA 12 runtime and cuDNN 9 that onnxruntime-node's GPU build needs, or use --device cpu (or auto).",
            details: { modelPath, device },
            cause: error,
          });
        }
        onNotice?.(`CUDA is not available (${firstLine(error)}); running ${modelPath} on the CPU.`);
      }
    } else if (device === "cuda") {
      throw new ViperError({
        code: "DEVICE_UNAVAILABLE",
        message: `Cannot run ${modelPath} on CUDA: ${unavailable}. To use the GPU, ${CUDA_INSTALL_HINT}; or use --device cpu (or auto).`,
        details: { modelPath, device, runtime: runtime.name },
      });
    } else {
      onNotice?.(`CUDA is not available (${unavailable}); running ${modelPath} on the CPU.`);
    }
  }
  try {
    const providers = runtime.name === "onnxruntime-web" ? ["wasm"] : ["cpu"];
    return wrap(api, await api.InferenceSession.create(modelPath, sessionOptions(providers, intraOpThreads)), "cpu");
  } catch (error) {
    throw new ViperError({
      code: "MODEL_LOAD",
      message: `Cannot load the ONNX model ${modelPath}: ${firstLine(error)}. Check that the file exists and is a complete .onnx file (re-download it with \`viper models pull\`).`,
      details: { modelPath },
      cause: error,
    });
  }
}

function sessionOptions(providers: string[], intraOpThreads: number): ort.InferenceSession.SessionOptions {
  return { executionProviders: providers, graphOptimizationLevel: "all", intraOpNumThreads: intraOpThreads, logSeverityLevel: 3 };
}

function wrap(api: OnnxRuntimeApi, session: ort.InferenceSession, device: "cpu" | "cuda"): OnnxSession {
  let disposed = false;
  return {
    device,
    inputs: session.inputMetadata.map(signatureOf),
    outputs: session.outputMetadata.map(signatureOf),
    async run(feeds) {
      if (disposed) throw new ViperError({ code: "MODEL_LOAD", message: "This ONNX session was disposed; create a new one." });
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, tensor] of Object.entries(feeds)) {
        tensors[name] = tensor.data instanceof BigInt64Array ? new api.Tensor("int64", tensor.data, [...tensor.dims]) : new api.Tensor("float32", tensor.data, [...tensor.dims]);
      }
      const results = await session.run(tensors);
      const outputs: Record<string, OnnxTensor> = {};
      for (const [name, tensor] of Object.entries(results)) {
        if (tensor.type === "float32") outputs[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
        else if (tensor.type === "int64") outputs[name] = { data: tensor.data as BigInt64Array, dims: tensor.dims };
      }
      return outputs;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await session.release();
    },
  };
}

function signatureOf(metadata: ort.InferenceSession.ValueMetadata): OnnxTensorSignature {
  if (!metadata.isTensor) return { name: metadata.name, type: "non-tensor", shape: [] };
  return { name: metadata.name, type: metadata.type, shape: metadata.shape.map((dimension) => dimension) };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? text).trim();
}
