import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The last main commit with the hand-written pixel analysis (flood-fill segmentation, Andrew's
 * monotone-chain hull, rotating-calipers rectangle) that OpenCV.js replaced, and otherwise the code it was
 * merged with (same CLI, sandbox and detectors), so a cold `viper run` compares like with like. The pixels
 * bench runs it side by side with the current code, taken from git so that the retired code does not have
 * to stay in the tree.
 */
export const BASELINE_COMMIT = "577e9c92e5170eec91d9d63cc56db2a057a3f927";

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
