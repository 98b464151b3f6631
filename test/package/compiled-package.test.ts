import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = new URL("../../", import.meta.url).pathname;
let outDir: string;

// An installed package runs compiled JavaScript (Node does not strip types under node_modules), so the
// build must compile and carry the files read at run time.
beforeAll(async () => {
  // Inside the checkout (git-ignored .cache/), so the compiled files resolve the installed dependencies.
  await mkdir(join(repoRoot, ".cache"), { recursive: true });
  outDir = await mkdtemp(join(repoRoot, ".cache", "build-"));
  const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
  await run(process.execPath, [tsc, "-p", join(repoRoot, "tsconfig.build.json"), "--outDir", outDir, "--sourceMap", "false"], { cwd: repoRoot });
  await run(process.execPath, [join(repoRoot, "scripts/copy-build-assets.ts"), outDir], { cwd: repoRoot });
}, 180_000);
afterAll(async () => rm(outDir, { recursive: true, force: true }));

describe("the compiled package", () => {
  it("answers a question through the SDK entry point", async () => {
    const script = join(outDir, "ask.mjs");
    await writeFile(
      script,
      `import { createAgent, createPerception, createRulePlanner } from "./src/index.js";
const perception = await createPerception({ detector: "pixels" });
const agent = createAgent({ planner: createRulePlanner(), perception });
const result = await agent.ask(${JSON.stringify(join(repoRoot, "examples/images/shapes.png"))}, "How many red circles are there?");
console.log(JSON.stringify({ answer: result.answer, calls: result.trace.length }));
await perception.dispose();`,
    );
    const { stdout } = await run(process.execPath, ["--no-node-snapshot", script], { cwd: repoRoot });
    expect(JSON.parse(stdout)).toEqual({ answer: 3, calls: 1 });
  }, 60_000);

  it("runs a program in a sandbox process (isolation: \"process\") from the compiled files", async () => {
    const script = join(outDir, "run-isolated.mjs");
    await writeFile(
      script,
      `import { createPerception, loadImage, releaseProcessPool, runProgramOnImage } from "./src/index.js";
const perception = await createPerception({ detector: "pixels" });
const image = await loadImage(${JSON.stringify(join(repoRoot, "examples/images/shapes.png"))});
const source = "async function execute_command(image: ImagePatch): Promise<Answer> { return (await image.find(\\"circle\\")).length; }";
const run = await runProgramOnImage({ image, source, perception, isolation: "process" });
console.log(JSON.stringify({ answer: run.answer, calls: run.trace.length }));
await releaseProcessPool();
await perception.dispose();`,
    );
    const { stdout } = await run(process.execPath, ["--no-node-snapshot", script], { cwd: repoRoot });
    expect(JSON.parse(stdout)).toEqual({ answer: 4, calls: 1 });
  }, 60_000);
});
