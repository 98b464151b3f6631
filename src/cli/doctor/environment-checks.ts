import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { CUDA_INSTALL_HINT, createOnnxSession, isCudaProviderInstalled, loadOnnxRuntime } from "../../mllm/onnx/index.ts";
import type { DoctorCheck, DoctorStatus } from "./doctor-check.ts";

type CheckResult = Omit<DoctorCheck, "name">;

/**
 * Whether models can run on CUDA: the runtime must be onnxruntime-node with its CUDA provider, and a
 * session must start on it (tried with `modelPath` when there is one). Without CUDA it is a note, unless
 * the user asked for `--device cuda`, when it fails.
 */
export async function checkCuda(options: { required: boolean; modelPath: string | undefined }): Promise<CheckResult> {
  const missing: DoctorStatus = options.required ? "fail" : "note";
  const { runtime } = await loadOnnxRuntime();
  if (!runtime.canUseCuda) return { status: missing, detail: `not available: ${runtime.name} runs on the CPU only; to use the GPU, ${CUDA_INSTALL_HINT}` };
  if (!isCudaProviderInstalled()) return { status: missing, detail: `not available: onnxruntime-node has no CUDA provider (CPU only); to use the GPU, ${CUDA_INSTALL_HINT}` };
  if (options.modelPath === undefined) return { status: "ok", detail: "onnxruntime-node's CUDA provider is installed (not tried: no model file to load)" };
  const session = await createOnnxSession({ modelPath: options.modelPath, device: "cuda" }).catch((error: unknown) => error as Error);
  if (session instanceof Error) return { status: missing, detail: session.message };
  await session.dispose();
  return { status: "ok", detail: `a model runs on CUDA (${options.modelPath})` };
}

/** The Chromium the HTML report's browser tests drive: only tests need it, so missing is a note. */
export async function checkChromium(): Promise<CheckResult> {
  const candidates = process.env.VIPER_CHROMIUM ? [process.env.VIPER_CHROMIUM] : ["/usr/bin/chromium", ...onPath(["chromium", "chromium-browser"])];
  const found = candidates.find((path) => existsSync(path));
  if (found) return { status: "ok", detail: `${found} (for the HTML report's browser tests)` };
  return { status: "note", detail: "not found; only the HTML report's browser tests need it: `apt-get install -y chromium` (or set VIPER_CHROMIUM)" };
}

/** How long a server may take to answer before it counts as unreachable. */
const SERVER_TIMEOUT_MS = 5_000;

/** A configured server answers HTTP at its base URL (any status counts: it is there). */
export async function checkServer(url: string): Promise<CheckResult> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(SERVER_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = (error as Error).name === "TimeoutError" ? `no answer within ${SERVER_TIMEOUT_MS} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
    return { status: "fail", detail: `${url} cannot be reached (${why}); check the URL and that the server is running` };
  }
  await response.body?.cancel();
  return { status: "ok", detail: `${url} answered (HTTP ${response.status})` };
}

function onPath(names: readonly string[]): string[] {
  const folders = (process.env.PATH ?? "").split(delimiter).filter((folder) => folder.length > 0);
  return folders.flatMap((folder) => names.map((name) => join(folder, name)));
}
