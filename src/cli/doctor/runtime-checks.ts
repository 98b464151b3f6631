import ivm from "isolated-vm";
import sharp from "sharp";
import { installedVersion } from "../../mllm/installed-version.ts";
import { isPackageNotFound, OPTIONAL_PACKAGES, type OptionalPackage } from "../../mllm/optional-packages.ts";
import { loadOnnxRuntime } from "../../mllm/onnx/index.ts";
import type { DoctorCheck } from "./doctor-check.ts";

type CheckResult = Omit<DoctorCheck, "name">;

/** The Node version against viper-ts's `engines` range (a Node that old cannot get here: the launcher stops it). */
export async function checkNode(required: string): Promise<CheckResult> {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const [needMajor = 0, needMinor = 0] = required.replace(/^>=\s*/, "").split(".").map(Number);
  const recent = major > needMajor || (major === needMajor && minor >= needMinor);
  return recent
    ? { status: "ok", detail: `${process.version} (viper-ts needs ${required})` }
    : { status: "fail", detail: `${process.version}, but viper-ts needs ${required}: install a newer Node from https://nodejs.org` };
}

/** isolated-vm loads its native binding and runs code in a fresh isolate. */
export async function checkIsolatedVm(): Promise<CheckResult> {
  const isolate = new ivm.Isolate({ memoryLimit: 8 });
  try {
    const context = await isolate.createContext();
    const result = (await isolate.compileScriptSync("6 * 7").run(context)) as number;
    if (result !== 42) return { status: "fail", detail: `an isolate computed 6 * 7 = ${result}` };
    return { status: "ok", detail: `${versionOf("isolated-vm")}: native binding loads and runs programs` };
  } finally {
    isolate.dispose();
  }
}

/** sharp loads libvips and round-trips a small PNG. */
export async function checkSharp(): Promise<CheckResult> {
  const png = await sharp({ create: { width: 4, height: 3, channels: 3, background: "red" } }).png().toBuffer();
  const { info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  if (info.width !== 4 || info.height !== 3) return { status: "fail", detail: `decoded a 4x3 PNG as ${info.width}x${info.height}` };
  return { status: "ok", detail: `${versionOf("sharp")} with libvips ${sharp.versions.vips}: decodes and encodes images` };
}

/** Which ONNX Runtime runs the detectors, and whether the faster native one could be added. */
export async function checkOnnxRuntime(): Promise<CheckResult> {
  const { runtime, nativeUnavailable } = await loadOnnxRuntime();
  if (runtime.name === "onnxruntime-node") return { status: "ok", detail: `onnxruntime-node ${runtime.version} (native CPU; CUDA with its provider)` };
  return { status: "ok", detail: `onnxruntime-web ${runtime.version} (WebAssembly, CPU only: ${nativeUnavailable ?? "onnxruntime-node was not chosen"})` };
}

/** An optional package: installed (and importable) or how to add it. */
export async function checkOptionalPackage(optional: OptionalPackage): Promise<CheckResult> {
  try {
    await import(optional.name);
  } catch (error) {
    if (isPackageNotFound(error, optional.name)) return { status: "note", detail: `not installed (optional: ${optional.adds}); add it with: ${optional.install}` };
    return { status: "fail", detail: `installed but does not load (${firstLine(error)}); reinstall it with: ${optional.install}` };
  }
  return { status: "ok", detail: `${versionOf(optional.name)}: ${optional.adds}` };
}

function versionOf(name: string): string {
  return installedVersion(name) ?? "version unknown";
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
