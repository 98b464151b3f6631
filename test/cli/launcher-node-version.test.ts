import { execFile } from "node:child_process";
import { cp, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { REPO_ROOT } from "../fixtures/viper-launcher.ts";

const run = promisify(execFile);
const folder = useTemporaryFolder({ prefix: "viper-launcher-node-" });

/** A Node older than 22 on this machine (Debian's is 20 here), which the launcher must turn away. */
const OLDER_NODE = await (async () => {
  try {
    const { stdout } = await run("/usr/bin/node", ["-p", "process.versions.node"]);
    return Number(stdout.split(".")[0]) < 22 ? "/usr/bin/node" : undefined;
  } catch {
    return undefined;
  }
})();

/** Runs `<older node> <launcher> --help` with no cached Node to fall back on; returns stderr and the exit code. */
async function launchOnOlderNode(launcher: string): Promise<{ exitCode: number; stderr: string }> {
  const env = { ...process.env, VIPER_NODE_HOME: join(folder(), "no-cached-node") };
  try {
    await run(OLDER_NODE!, [launcher, "--help"], { env });
    return { exitCode: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { exitCode: failed.code, stderr: failed.stderr };
  }
}

if (OLDER_NODE === undefined) process.stderr.write('skipped "the launcher on a Node older than 22": there is no Node < 22 at /usr/bin/node to try it with.\n');

describe.skipIf(OLDER_NODE === undefined)("the launcher on a Node older than 22", () => {
  it("in a clone: one line naming the Node it needs and scripts/setup.sh", async () => {
    const { exitCode, stderr } = await launchOnOlderNode(join(REPO_ROOT, "bin/viper.js"));
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^viper needs Node >= 22 \(this is v\d+\.\d+\.\d+\): run "bash scripts\/setup.sh" in the viper-ts folder, or install Node 22 from https:\/\/nodejs\.org\.\n$/);
  });

  it("installed under node_modules: one line naming the Node it needs and where to get it, not setup.sh (not in the package)", async () => {
    const installed = join(folder(), "project", "node_modules", "viper-ts");
    await mkdir(installed, { recursive: true });
    await cp(join(REPO_ROOT, "bin"), join(installed, "bin"), { recursive: true });
    const { exitCode, stderr } = await launchOnOlderNode(join(installed, "bin/viper.js"));
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^viper needs Node >= 22 \(this is v\d+\.\d+\.\d+\): install Node 22 or newer from https:\/\/nodejs\.org \(or `nvm install 22`\)\.\n$/);
    expect(stderr).not.toContain("setup.sh");
  });
});
