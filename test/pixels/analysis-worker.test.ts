import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateComposeScene } from "../../src/datasets/compose-scene.ts";
import { generateCountScene } from "../../src/datasets/count-scene.ts";
import { analyzeInWorker } from "../../src/mllm/pixels/analysis-worker/analysis-client.ts";
import { analyzeObjects } from "../../src/mllm/pixels/scene-objects.ts";

const CLIENT = join(import.meta.dirname, "..", "..", "src", "mllm", "pixels", "analysis-worker", "analysis-client.ts");
const SDK = join(import.meta.dirname, "..", "..", "src", "index.ts");
const EXAMPLE_IMAGES = join(import.meta.dirname, "..", "..", "examples", "images");

describe("the pixel-analysis worker thread", () => {
  it("reads the same objects as the analysis on the calling thread, each concurrent request getting its own answer", { timeout: 120_000 }, async () => {
    const images = [(await generateComposeScene({ seed: 5 })).image, (await generateCountScene({ seed: 6, count: 7, crowded: true })).image, (await generateComposeScene({ seed: 7 })).image];
    const inWorker = await Promise.all(images.map((image) => analyzeInWorker(image)));
    for (const [index, image] of images.entries()) expect(inWorker[index]).toEqual(await analyzeObjects(image));
  });

  it("rejects a request it cannot analyse with the worker's error, and keeps serving", { timeout: 120_000 }, async () => {
    await expect(analyzeInWorker({ width: 10, height: 10, data: new Uint8Array(5) })).rejects.toMatchObject({ code: "IMAGE_INVALID" });
    expect(await analyzeInWorker((await generateComposeScene({ seed: 8 })).image)).not.toHaveLength(0);
  });

  it("does not keep a process alive once its answers are in", { timeout: 120_000 }, () => {
    const script = `const { analyzeInWorker } = await import(${JSON.stringify(CLIENT)});
const objects = await analyzeInWorker({ width: 40, height: 30, data: new Uint8Array(40 * 30 * 3).fill(250).fill(20, 1200, 1800) });
console.log(objects.length);`;
    // The process ends by itself (a worker holding it would hang it until the budget runs out).
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 100_000 }).trim()).toBe("1");
  });

  it("lets an SDK program end by itself after plain-scene answers (the SDK's documented example)", { timeout: 120_000 }, () => {
    const script = `const { createAgent, createPerception, createRulePlanner } = await import(${JSON.stringify(SDK)});
const perception = await createPerception({ detector: "pixels" });
const agent = createAgent({ planner: createRulePlanner(), perception });
const circles = await agent.ask(${JSON.stringify(join(EXAMPLE_IMAGES, "shapes.png"))}, "How many red circles are there?");
const objects = await agent.ask(${JSON.stringify(join(EXAMPLE_IMAGES, "butterflies.png"))}, "How many objects are in this photo?");
await perception.dispose();
console.log(circles.answer, objects.answer);`;
    const output = execFileSync(process.execPath, ["--no-node-snapshot", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 100_000 });
    expect(output.trim()).toBe("3 7");
  });
});
