import { ViperError } from "../errors/index.ts";

/** A package viper-ts can use but does not install by default (an optional peer dependency). */
export interface OptionalPackage {
  readonly name: string;
  /** The version viper-ts is tested with (package.json `peerDependencies`; a test keeps them equal). */
  readonly version: string;
  /** What it adds, for messages and `viper doctor`. */
  readonly adds: string;
  /** One command that installs it into the user's project. */
  readonly install: string;
}

// onnxruntime-node's own install step downloads CUDA libraries unless told to skip: GPU stays opt-in.
const SKIP_GPU_DOWNLOAD = "ONNXRUNTIME_NODE_INSTALL=skip";

/** The optional packages, by what they add. */
export const OPTIONAL_PACKAGES = {
  transformers: {
    name: "@huggingface/transformers",
    version: "4.3.1",
    adds: "in-process VLM, OWLv2 / Grounding DINO, CLIP / SigLIP and Depth Anything (--vlm hf, --detector owlv2|grounding-dino, --scorer clip, --depth depth-anything)",
    install: `${SKIP_GPU_DOWNLOAD} npm install @huggingface/transformers@4.3.1`,
  },
  onnxruntimeNode: {
    name: "onnxruntime-node",
    version: "1.30.0",
    adds: "native ONNX Runtime: faster detectors than the WebAssembly build, and CUDA with --device cuda",
    install: `${SKIP_GPU_DOWNLOAD} npm install onnxruntime-node@1.30.0`,
  },
} as const satisfies Record<string, OptionalPackage>;

/**
 * Imports a module that needs an optional package; when the package is not installed, fails with
 * PACKAGE_MISSING naming what asked for it (`wanted`, e.g. "--vlm hf") and the install command.
 */
export async function importNeeding<T>(needed: OptionalPackage, wanted: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isPackageNotFound(error, needed.name)) throw error;
    throw new ViperError({
      code: "PACKAGE_MISSING",
      message: `${wanted} needs the optional package ${needed.name}, which is not installed. Add it with: ${needed.install} (\`viper doctor\` lists what is installed).`,
      details: { package: needed.name, version: needed.version, wanted },
      cause: error,
    });
  }
}

/** Whether `error` is Node failing to find `packageName` itself (not some other module inside it). */
export function isPackageNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  return String((error as Error).message).includes(`'${packageName}'`);
}
