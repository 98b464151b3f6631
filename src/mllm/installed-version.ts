import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The version of an installed package, read from the package.json above its entry point (many packages,
 * e.g. sharp and onnxruntime-web, do not export their package.json); undefined when it is not installed.
 */
export function installedVersion(packageName: string): string | undefined {
  let folder: string;
  try {
    folder = dirname(createRequire(import.meta.url).resolve(packageName));
  } catch {
    return undefined;
  }
  while (folder !== dirname(folder)) {
    const manifest = join(folder, "package.json");
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (name === packageName && version) return version;
    }
    folder = dirname(folder);
  }
  return undefined;
}
