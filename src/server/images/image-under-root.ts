import { open, realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { ViperError } from "../../errors/index.ts";

/**
 * Reads the image at `path` (relative to `root`, or absolute) only if it lies under `root` both as written
 * and after following symbolic links, so neither `..` nor a link can reach a file outside. Error messages
 * name the path as the client wrote it, never the server's folders.
 * @throws ViperError IMAGE_REFUSED when the path leads outside the root; IMAGE_INVALID when it names no
 * readable file or a file over `maxBytes`.
 */
export async function readImageUnderRoot(path: string, options: { readonly root: string; readonly maxBytes: number }): Promise<Uint8Array> {
  const root = await realpath(options.root);
  const candidate = resolve(root, path);
  if (!isInside(root, candidate)) throw outside(path);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    throw invalid(path, "there is no such file under the image root", error);
  }
  if (!isInside(root, real)) throw outside(path);
  const file = await open(real, "r").catch((error: unknown) => {
    throw invalid(path, "the file cannot be read", error);
  });
  try {
    const info = await file.stat();
    if (!info.isFile()) throw invalid(path, "it is not a file");
    if (info.size > options.maxBytes) throw invalid(path, `it is ${info.size} bytes, more than the ${options.maxBytes}-byte limit`);
    return new Uint8Array(await file.readFile());
  } finally {
    await file.close();
  }
}

function isInside(root: string, path: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot !== "" && !fromRoot.startsWith("..") && !isAbsolute(fromRoot);
}

function outside(path: string): ViperError {
  return new ViperError({
    code: "IMAGE_REFUSED",
    message: `Refused image path ${path}: it leads outside the server's image root. Send a path under the root, or the image itself as base64 or a data: URL.`,
    details: { image: path },
  });
}

function invalid(path: string, why: string, cause?: unknown): ViperError {
  return new ViperError({ code: "IMAGE_INVALID", message: `Cannot use image ${path}: ${why}.`, details: { image: path }, cause });
}
