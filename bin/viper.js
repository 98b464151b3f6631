#!/usr/bin/env node
// Launcher for the `viper` command. It runs on any Node so `npx viper` works even when the system Node
// is older than 22: it finds a Node >= 22 (this one, or the one scripts/setup.sh cached) and starts the
// CLI with --no-node-snapshot, which isolated-vm requires.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants, homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REQUIRED_MAJOR = 22;
const cachedNodeVersion = process.env.VIPER_NODE_VERSION ?? "22.23.3";
const cacheRoot = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
const cachedNodeHome = process.env.VIPER_NODE_HOME ?? join(cacheRoot, "viper-ts", `node-v${cachedNodeVersion}`);

// In a checkout the TypeScript sources run directly; an installed package (under node_modules, where Node
// does not strip types) runs the JavaScript that `npm run build` wrote into dist/.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const installed = packageRoot.split(/[\\/]/).includes("node_modules");

function findNode() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= REQUIRED_MAJOR) return process.execPath;
  const cached = join(cachedNodeHome, "bin", "node");
  if (!installed && existsSync(cached)) return cached;
  // An installed package has no scripts/setup.sh: only a checkout can fetch its own Node.
  const remedy = installed
    ? `install Node ${REQUIRED_MAJOR} or newer from https://nodejs.org (or \`nvm install ${REQUIRED_MAJOR}\`)`
    : `run "bash scripts/setup.sh" in the viper-ts folder, or install Node ${REQUIRED_MAJOR} from https://nodejs.org`;
  process.stderr.write(`viper needs Node >= ${REQUIRED_MAJOR} (this is ${process.version}): ${remedy}.\n`);
  process.exit(2);
}

const cliEntry = installed ? join(packageRoot, "dist", "src", "cli", "main.js") : join(packageRoot, "src", "cli", "main.ts");
const child = spawn(findNode(), ["--no-node-snapshot", "--disable-warning=ExperimentalWarning", cliEntry, ...process.argv.slice(2)], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
// A CLI killed by a signal exits 128 + the signal's number, as a shell reports it (SIGSEGV → 139).
child.on("exit", (code, signal) => process.exit(signal ? 128 + (constants.signals[signal] ?? 1) : (code ?? 1)));
