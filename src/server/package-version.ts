import { readFileSync } from "node:fs";

/**
 * The version in viper-ts's package.json, found by walking up from this file, so it is right both in this
 * checkout (src/server) and in an installed package (dist/src/server).
 */
export function packageVersion(): string {
  for (let folder = new URL("./", import.meta.url); folder.pathname !== "/"; folder = new URL("../", folder)) {
    try {
      const manifest = JSON.parse(readFileSync(new URL("package.json", folder), "utf8")) as { name?: string; version?: string };
      if (manifest.name === "viper-ts" && typeof manifest.version === "string") return manifest.version;
    } catch {
      // no package.json in this folder: keep walking up
    }
  }
  return "0.0.0";
}
