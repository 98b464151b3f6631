import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const CUDA_PROVIDER_LIBRARY = process.platform === "win32" ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";

/** How to get the CUDA provider, quoted in every CUDA error and notice. */
export const CUDA_INSTALL_HINT =
  "install onnxruntime-node with its CUDA 12 provider (`ONNXRUNTIME_NODE_INSTALL=cuda12 npm install onnxruntime-node@1.30.0`, or in a viper-ts checkout `ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install`; needs the CUDA 12 runtime and cuDNN 9)";

/**
 * Whether an installed onnxruntime-node carries its CUDA execution provider. viper-ts installs it without
 * (GPU libraries are an explicit opt-in, see {@link CUDA_INSTALL_HINT}); the provider library then sits
 * beside the native binding. Checking the file first means a machine without it never asks ONNX Runtime
 * to load it, which would print a raw error line. (The CUDA runtime itself may still be missing; session
 * creation reports that.)
 */
export function isCudaProviderInstalled(): boolean {
  let packageRoot: string;
  try {
    packageRoot = dirname(dirname(createRequire(import.meta.url).resolve("onnxruntime-node")));
  } catch {
    return false;
  }
  const binRoot = join(packageRoot, "bin");
  if (!existsSync(binRoot)) return false;
  return readdirSync(binRoot)
    .filter((name) => name.startsWith("napi-v"))
    .some((napi) => existsSync(join(binRoot, napi, process.platform, process.arch, CUDA_PROVIDER_LIBRARY)));
}
