import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { imageFromRecipe, parseImageRecipe, type ImageRecipe } from "../datasets/image-recipe.ts";
import { ViperError } from "../errors/index.ts";
import type { RgbImage } from "../mllm/rgb-image.ts";
import { loadImage } from "../tools/image-io.ts";

/**
 * Where a worker gets a job's picture. Pixels never travel through Redis: a generated picture travels as
 * its recipe (the worker makes it again), a file as its path relative to the data root plus its SHA-256,
 * so every machine reads its own copy of the data set and a different copy is caught, not answered.
 */
export type ImageSource =
  | { readonly type: "recipe"; readonly recipe: ImageRecipe }
  | { readonly type: "file"; readonly path: string; readonly sha256: string };

/** Describes image files for jobs; remembers each file's hash, so a picture asked about twice is read once. */
export interface ImageSourceDescriber {
  /** The source of a file, with its path relative to the data root. */
  file(path: string): Promise<ImageSource>;
}

/**
 * A describer for files under `dataRoot` (the producer's; the workers' own `--data-root` points at their
 * copy of the same tree).
 * @throws ViperError (from `file`) CONFIG_INVALID when the file is outside the data root; IMAGE_INVALID,
 * as a local run reports it, when it cannot be read.
 */
export function createImageSourceDescriber(options: { dataRoot: string }): ImageSourceDescriber {
  const dataRoot = resolve(options.dataRoot);
  const hashes = new Map<string, Promise<string>>();
  return {
    async file(path) {
      const absolute = resolve(path);
      const inRoot = relative(dataRoot, absolute);
      if (inRoot.startsWith("..") || isAbsolute(inRoot)) {
        throw new ViperError({
          code: "CONFIG_INVALID",
          message: `Image ${absolute} is outside --data-root ${dataRoot}; workers find pictures by their path under the data root, so pass a --data-root that holds every image (the default, /, holds everything).`,
          details: { option: "--data-root", image: absolute, dataRoot },
        });
      }
      let hash = hashes.get(absolute);
      if (hash === undefined) {
        // A file that cannot be read fails with the IMAGE_INVALID a local run would record for it.
        hash = hashFile(absolute).catch(async (error: unknown) => {
          await loadImage(absolute);
          throw error;
        });
        hashes.set(absolute, hash);
      }
      return { type: "file", path: inRoot.split(sep).join("/"), sha256: await hash };
    },
  };
}

/** The image source in `value` (e.g. read from a queue job), or undefined when it is not one. */
export function parseImageSource(value: unknown): ImageSource | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { type, recipe, path, sha256 } = value as Record<string, unknown>;
  if (type === "recipe") {
    const parsed = parseImageRecipe(recipe);
    return parsed === undefined ? undefined : { type, recipe: parsed };
  }
  if (type === "file" && typeof path === "string" && typeof sha256 === "string" && /^[0-9a-f]{64}$/.test(sha256)) return { type, path, sha256 };
  return undefined;
}

/**
 * The worker's side: makes a generated picture, or reads a file under `dataRoot` and checks it is the
 * producer's file. The file's own problems (not an image, corrupt) are IMAGE_INVALID, as in a local run.
 * @throws ViperError QUEUE_IMAGE_UNAVAILABLE when the file is missing under this worker's data root, differs
 * from the producer's, or its path leaves the data root: this worker's set-up, not the question, is wrong.
 */
export async function loadImageSource(source: ImageSource, options: { dataRoot: string }): Promise<RgbImage> {
  if (source.type === "recipe") return imageFromRecipe(source.recipe);
  const dataRoot = resolve(options.dataRoot);
  const path = resolve(dataRoot, source.path);
  const inRoot = relative(dataRoot, path);
  if (isAbsolute(source.path) || inRoot.startsWith("..") || isAbsolute(inRoot)) {
    throw unavailable(`the job names ${source.path}, which is not a path inside the data root ${dataRoot}`, { path: source.path, dataRoot });
  }
  let sha256: string;
  try {
    sha256 = await hashFile(path);
  } catch (error) {
    throw unavailable(`${path} cannot be read (${(error as Error).message}); point --data-root at this machine's copy of the data set`, { path, dataRoot }, error);
  }
  if (sha256 !== source.sha256) {
    throw unavailable(`${path} is not the producer's file (SHA-256 ${sha256.slice(0, 12)}…, expected ${source.sha256.slice(0, 12)}…); every machine needs the same copy of the data set`, { path, dataRoot });
  }
  return loadImage(path);
}

async function hashFile(path: string): Promise<string> {
  return createHash("sha256").update(await readFile(path)).digest("hex");
}

function unavailable(problem: string, details: Record<string, unknown>, cause?: unknown): ViperError {
  return new ViperError({ code: "QUEUE_IMAGE_UNAVAILABLE", message: `This worker cannot get the picture of a job: ${problem}.`, details, cause });
}
