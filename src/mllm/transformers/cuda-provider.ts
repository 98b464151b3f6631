import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const CUDA_PROVIDER_LIBRARY = process.platform === "win32" ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";

/**
 * Whether the installed onnxruntime-node carries its CUDA execution provider. The default npm install
 * is CPU-only on Linux; `ONNXRUNTIME_NODE_INSTALL=cuda12 npm install` adds the provider library beside
 * the native binding. (The CUDA runtime itself may still be missing; session creation reports that.)
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
