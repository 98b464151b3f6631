import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ViperError } from "../errors/index.ts";

/** One picture of a batch run. */
export interface BatchImage {
  /** Names the picture in the results and keys resuming: its path relative to the folder, or the list's line. */
  readonly key: string;
  /** Absolute path of the file. */
  readonly path: string;
}

/** The pictures of a batch run and where they were listed. */
export interface BatchImages {
  /** The folder or list file, resolved (part of the run's identity). */
  readonly source: string;
  readonly images: readonly BatchImage[];
}

/** File name extensions of the formats image loading reads (src/tools/image-io.ts). */
const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif", ".svg"]);

/**
 * The pictures of a batch run: every image file under a folder (sub-folders included, hidden ones skipped,
 * sorted by path), or the files a list names, one path a line relative to the list (blank lines and lines
 * starting with # skipped). Everything is checked before anything runs: a missing input, a listed file that
 * does not exist, a file listed twice or no picture at all is a `BATCH_INPUT` error naming the problem.
 */
export async function listBatchImages(input: string): Promise<BatchImages> {
  const source = resolve(input);
  const info = await stat(source).catch(() => undefined);
  if (info === undefined) fail(`${source} does not exist; give a folder of images or a file listing one image path a line.`, { path: source });
  const images = info.isDirectory() ? await imagesInFolder(source) : await imagesInList(source);
  if (images.length === 0) {
    fail(`${source} holds no images (${info.isDirectory() ? `no ${[...IMAGE_EXTENSIONS].join(" ")} files` : "no paths"}).`, { path: source });
  }
  return { source, images };
}

async function imagesInFolder(folder: string): Promise<BatchImage[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const images = entries
    .filter((entry) => entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !relative(folder, path).split(sep).some((part) => part.startsWith(".")))
    .map((path) => ({ key: relative(folder, path).split(sep).join("/"), path }));
  return images.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function imagesInList(listPath: string): Promise<BatchImage[]> {
  const text = await readFile(listPath, "utf8").catch((error: unknown) => fail(`Cannot read the image list ${listPath} (${(error as Error).message}).`, { path: listPath }));
  const images: BatchImage[] = [];
  const lineOf = new Map<string, number>();
  for (const [index, rawLine] of text.split("\n").entries()) {
    const key = rawLine.trim();
    if (key === "" || key.startsWith("#")) continue;
    const where = `${listPath}, line ${index + 1}`;
    const earlier = lineOf.get(key);
    if (earlier !== undefined) fail(`${where}: ${key} is listed twice (line ${earlier} too); list each image once.`, { path: listPath, line: index + 1 });
    lineOf.set(key, index + 1);
    const path = isAbsolute(key) ? key : resolve(dirname(listPath), key);
    const isFile = await stat(path).then((found) => found.isFile(), () => false);
    if (!isFile) fail(`${where}: image ${path} does not exist; paths are relative to the list file.`, { path: listPath, line: index + 1 });
    images.push({ key, path });
  }
  return images;
}

function fail(message: string, details: Record<string, unknown>): never {
  throw new ViperError({ code: "BATCH_INPUT", message, details });
}
