import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REQUIRED_NODE } from "../../src/cli/commands/doctor.ts";
import { importNeeding, OPTIONAL_PACKAGES } from "../../src/mllm/optional-packages.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { REPO_ROOT } from "../fixtures/viper-launcher.ts";

const run = promisify(execFile);
const manifest = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as Record<string, Record<string, unknown>>;

describe("package.json, as a stranger's npm install reads it", () => {
  it("installs no package whose install step downloads GPU libraries: onnxruntime-node and transformers.js are optional peers", () => {
    expect(manifest.dependencies).not.toHaveProperty("onnxruntime-node");
    expect(manifest.dependencies).not.toHaveProperty("@huggingface/transformers");
    expect(manifest.dependencies).toHaveProperty("onnxruntime-web");
    for (const optional of Object.values(OPTIONAL_PACKAGES)) {
      expect(manifest.peerDependencies![optional.name]).toBe(optional.version);
      expect(manifest.peerDependenciesMeta![optional.name]).toEqual({ optional: true });
      // The checkout's own tests use the same version a user is told to install.
      expect(manifest.devDependencies![optional.name]).toBe(optional.version);
      expect(optional.install).toContain(`${optional.name}@${optional.version}`);
      expect(optional.install).toMatch(/^ONNXRUNTIME_NODE_INSTALL=skip npm install /);
    }
  });

  it("in the checkout, onnxruntime-node's GPU download is denied (no .npmrc setting, so no npm warning)", () => {
    expect(manifest.allowScripts).toMatchObject({ "onnxruntime-node": false });
  });

  it("states the Node it needs once: engines, the install-time check and viper doctor agree", async () => {
    expect(manifest.engines!.node).toBe(REQUIRED_NODE);
    expect(manifest.scripts!.preinstall).toBe("node scripts/check-node-version.cjs");
    expect(manifest.files).toContain("scripts/check-node-version.cjs");
    // On this (new enough) Node the check is silent and lets the install go on.
    const { stdout, stderr } = await run(process.execPath, [join(REPO_ROOT, "scripts/check-node-version.cjs")]);
    expect(stdout + stderr).toBe("");
  });
});

describe("an optional package that is not installed", () => {
  const absent = { ...OPTIONAL_PACKAGES.transformers, name: "@viper-ts/not-installed-anywhere", install: "npm install @viper-ts/not-installed-anywhere@1.0.0" };

  it("is PACKAGE_MISSING naming what asked for it and the install command", async () => {
    const error = await rejectionOf(importNeeding(absent, "--vlm hf", () => import("@viper-ts/not-installed-anywhere" as string)));
    expect(error).toMatchObject({ code: "PACKAGE_MISSING", details: { package: absent.name, wanted: "--vlm hf" } });
    expect(error.message).toBe(
      "--vlm hf needs the optional package @viper-ts/not-installed-anywhere, which is not installed. Add it with: npm install @viper-ts/not-installed-anywhere@1.0.0 (`viper doctor` lists what is installed).",
    );
  });

  it("any other failure while loading passes through unchanged", async () => {
    const failure = new Error("the module threw while loading");
    await expect(importNeeding(absent, "--vlm hf", () => Promise.reject(failure))).rejects.toBe(failure);
  });
});
