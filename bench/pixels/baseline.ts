import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The last commit with the hand-written pixel analysis (flood-fill segmentation, Andrew's monotone-chain
 * hull, rotating-calipers rectangle) that OpenCV.js replaced. The pixels bench runs it side by side with
 * the current code, taken from git so that the retired code does not have to stay in the tree.
 */
export const BASELINE_COMMIT = "aa38a18cb93897d57ada5b48a8d453cccc602a88";

/**
 * Writes `paths` (all of the tree when empty) as they were at {@link BASELINE_COMMIT} into a new temporary
 * folder, with node_modules linked to this checkout's. Returns the folder, or undefined when git or that
 * commit is not available (a shallow clone, a package without history).
 */
export function checkOutBaseline(options: { repositoryRoot: string; paths?: readonly string[] }): string | undefined {
  const { repositoryRoot, paths = [] } = options;
  try {
    const archive = execFileSync("git", ["-C", repositoryRoot, "archive", BASELINE_COMMIT, ...paths], { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });
    const folder = mkdtempSync(join(tmpdir(), "viper-pixels-baseline-"));
    const tarFile = join(folder, "baseline.tar");
    writeFileSync(tarFile, archive);
    execFileSync("tar", ["-x", "-f", tarFile, "-C", folder]);
    symlinkSync(join(repositoryRoot, "node_modules"), join(folder, "node_modules"), "dir");
    return folder;
  } catch {
    return undefined;
  }
}
