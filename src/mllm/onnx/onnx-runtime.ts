import type * as ortWeb from "onnxruntime-web";
import { installedVersion } from "../installed-version.ts";
import { isPackageNotFound } from "../optional-packages.ts";

/** The two ONNX Runtime packages viper-ts can run models with. */
export type OnnxRuntimeName = "onnxruntime-node" | "onnxruntime-web";

/** The part of the ONNX Runtime API viper-ts uses; both packages expose it (from onnxruntime-common). */
export type OnnxRuntimeApi = Pick<typeof ortWeb, "InferenceSession" | "Tensor" | "env">;

/** A loaded ONNX Runtime package. */
export interface OnnxRuntime {
  readonly name: OnnxRuntimeName;
  readonly version: string;
  readonly api: OnnxRuntimeApi;
  /** Whether it can run on CUDA at all (only onnxruntime-node can, with its CUDA provider installed). */
  readonly canUseCuda: boolean;
}

/** What {@link loadOnnxRuntime} found, for `viper doctor`: the runtime in use and why the other is not. */
export interface OnnxRuntimeChoice {
  readonly runtime: OnnxRuntime;
  /** Set when onnxruntime-node was wanted but could not be used: not installed, or its binding failed. */
  readonly nativeUnavailable?: string;
}

const loaded = new Map<OnnxRuntimeName | "auto", Promise<OnnxRuntimeChoice>>();

/**
 * Loads ONNX Runtime once per process. `auto` (the default, unless VIPER_ONNX_RUNTIME names one) takes
 * onnxruntime-node when it is installed and its native binding loads, else onnxruntime-web (WebAssembly,
 * CPU only), which every install has: onnxruntime-node is an optional peer because its install step
 * downloads CUDA libraries by default, which a plain `npm install viper-ts` must not do.
 */
export function loadOnnxRuntime(preference: OnnxRuntimeName | "auto" = runtimeFromEnvironment()): Promise<OnnxRuntimeChoice> {
  let choice = loaded.get(preference);
  if (!choice) {
    choice = choose(preference);
    loaded.set(preference, choice);
  }
  return choice;
}

function runtimeFromEnvironment(): OnnxRuntimeName | "auto" {
  const value = process.env.VIPER_ONNX_RUNTIME;
  return value === "onnxruntime-node" || value === "onnxruntime-web" ? value : "auto";
}

async function choose(preference: OnnxRuntimeName | "auto"): Promise<OnnxRuntimeChoice> {
  if (preference === "onnxruntime-web") return { runtime: await loadWeb() };
  try {
    return { runtime: await loadNative() };
  } catch (error) {
    if (preference === "onnxruntime-node") throw error;
    const installed = !isPackageNotFound(error, "onnxruntime-node");
    const nativeUnavailable = installed ? `onnxruntime-node is installed but does not load (${firstLine(error)})` : "onnxruntime-node is not installed";
    return { runtime: await loadWeb(), nativeUnavailable };
  }
}

async function loadNative(): Promise<OnnxRuntime> {
  const api = (await import("onnxruntime-node")) as unknown as OnnxRuntimeApi;
  // The environment logger prints raw lines (e.g. a CUDA provider that fails to load) before any
  // session option applies; failures still arrive as exceptions, which viper-ts turns into typed errors.
  api.env.logLevel = "fatal";
  return { name: "onnxruntime-node", version: installedVersion("onnxruntime-node") ?? "unknown", api, canUseCuda: true };
}

async function loadWeb(): Promise<OnnxRuntime> {
  const api = await import("onnxruntime-web");
  api.env.logLevel = "fatal";
  return { name: "onnxruntime-web", version: installedVersion("onnxruntime-web") ?? "unknown", api, canUseCuda: false };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? text).trim();
}
