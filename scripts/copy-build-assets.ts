// Copies the files the compiled package reads at run time (the API declaration, the sandbox prelude)
// next to the JavaScript that tsc wrote. Usage: node scripts/copy-build-assets.ts [outDir, default dist]
import { cpSync } from "node:fs";
import { join } from "node:path";

const outDir = process.argv[2] ?? "dist";
const ASSETS = ["src/tools/api/image-patch.api.d.ts", "sandbox/prelude"];
for (const asset of ASSETS) cpSync(asset, join(outDir, asset), { recursive: true });
console.log(`Copied ${ASSETS.join(", ")} into ${outDir}/.`);
