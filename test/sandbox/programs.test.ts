import { describe, expect, it } from "vitest";
import { FakeToolHost } from "./fake-tool-host.ts";
import { run } from "./run-helpers.ts";

describe("runProgram with ViperGPT-shaped programs", () => {
  it("finds the circles, sorts them left to right and asks the second one's colour", async () => {
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  const circle_patches = await image.find("circle");
  circle_patches.sort((a, b) => a.horizontal_center - b.horizontal_center);
  const second = circle_patches[1];
  return await second.simple_query("What color is this?");
}`);
    expect(result.answer).toBe("blue");
    expect(result.trace.map((entry) => [entry.tool, entry.line, entry.result])).toEqual([
      ["find", 2, "3 patches"],
      ["simple_query", 5, '"blue"'],
    ]);
    expect(result.trace[1]?.target).toEqual({ left: 100, lower: 30, right: 140, upper: 70 });
  });

  it("counts with (await image.find(...)).length", async () => {
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  return (await image.find("triangle")).length;
}`);
    expect(result.answer).toBe(1);
  });

  it("crops the left half and counts inside it", async () => {
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  const left_half = image.crop(0, 0, image.width / 2, image.height);
  return await left_half.count("object");
}`);
    expect(result.answer).toBe(3);
    expect(result.trace[0]).toMatchObject({ tool: "crop", args: [0, 0, 150, 200], result: "patch [0, 0, 150, 200]", line: 2 });
    expect(result.trace[1]).toMatchObject({ tool: "count", target: { left: 0, lower: 0, right: 150, upper: 200 }, resultValue: 3 });
  });

  it("passes patches to best_image_match and gets a patch or an index back", async () => {
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  const circles = await image.find("circle");
  const best = await best_image_match(circles, ["green circle"]);
  const index = await best_image_match(circles, ["green circle"], true);
  return [best, index, await best_image_match([], ["anything"])];
}`);
    expect(result.answer).toEqual([{ left: 220, lower: 100, right: 260, upper: 140 }, 1, null]);
    expect(result.trace[1]?.args[0]).toEqual(expect.arrayContaining([{ left: 20, lower: 120, right: 60, upper: 160 }]));
  });

  it("returns a patch as its box and exposes every readonly member", async () => {
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  const triangle = (await image.find("triangle"))[0];
  return [triangle, triangle.width, triangle.height, triangle.horizontal_center, triangle.vertical_center];
}`);
    expect(result.answer).toEqual([{ left: 60, lower: 40, right: 95, upper: 80 }, 35, 40, 77.5, 60]);
  });

  it("runs every perception method and both llm_query forms through the host", async () => {
    const host = new FakeToolHost();
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  const square = (await image.find("square"))[0];
  return [
    await image.exists("star"),
    await square.verify_property("square", "purple"),
    await square.best_text_match(["red", "purple"], "square"),
    await square.compute_depth(),
    await square.llm_query("Is purple warm?", false),
    await llm_query("Is purple warm?"),
    square.overlaps_with(0, 0, 200, 20),
    square.overlaps_with(0, 0, 199, 19),
  ];
}`, { host });
    expect(result.answer).toEqual([false, true, "purple", 4, "llm says: Is purple warm?", "llm says: Is purple warm?", true, false]);
    expect(host.calls.map((call) => call.tool)).toEqual([
      "find", "exists", "verify_property", "best_text_match", "compute_depth", "llm_query", "llm_query",
    ]);
    expect(host.calls[5]).toMatchObject({ target: 2, args: ["Is purple warm?", false] });
    expect(host.calls[6]).toMatchObject({ target: null, args: ["Is purple warm?"] });
  });

  it("accepts the entry point as a plain function, a const arrow and an export", async () => {
    for (const declaration of [
      "function execute_command(image: ImagePatch): Answer { return image.width; }",
      "const execute_command = async (image: ImagePatch): Promise<Answer> => image.width;",
      "export async function execute_command(image: ImagePatch): Promise<Answer> { return image.width; }",
    ]) {
      expect((await run(declaration)).answer).toBe(300);
    }
  });

  it("transpiles syntax that type stripping cannot handle (enums) and still reports the TypeScript line", async () => {
    const error = await run(`enum Colour { Red, Blue }

async function execute_command(image: ImagePatch): Promise<Answer> {
  const colour: Colour = Colour.Blue;
  const circles: ImagePatch[] = await image.find("circle");
  throw new Error("colour " + colour + circles.length);
}`).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "PROGRAM_RUNTIME", details: { line: 6, trace: [{ tool: "find", line: 5 }] } });
  });

  it("reports timings that add up and trace times relative to the run", async () => {
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  return await image.count("circle");
}`);
    const { transpileMs, isolateMs, runMs, totalMs } = result.timings;
    expect(transpileMs + isolateMs + runMs).toBeCloseTo(totalMs, 5);
    expect(result.trace[0]?.startMs).toBeGreaterThan(0);
    expect(result.trace[0]?.startMs).toBeLessThan(totalMs);
    expect(result.trace[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe("one isolate per run", () => {
  it("nothing a run leaves behind (globals, polluted prototypes, patches) reaches the next run", async () => {
    await run(`(globalThis as any).stash = "left behind";
(Object.prototype as any).polluted = true;
(Array.prototype as any).push = () => 0;
async function execute_command(image: ImagePatch): Promise<Answer> { return 1; }`);
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  const items: number[] = [];
  items.push(1);
  return [typeof (globalThis as any).stash, typeof ({} as any).polluted, items.length];
}`);
    expect(result.answer).toEqual(["undefined", "undefined", 1]);
  });
});

describe("the pure free functions (ViperGPT semantics, inside the isolate)", () => {
  it("distance: edge gap between boxes, minus IoU when they overlap, |a - b| for numbers", async () => {
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  const a = image.crop(0, 0, 10, 10);
  const b = image.crop(13, 14, 20, 20);
  const c = image.crop(5, 0, 15, 10);
  const d = image.crop(10, 0, 20, 10);
  return [distance(a, b), distance(a, c), distance(a, d), distance(3, 10), distance(a, a)];
}`);
    expect(result.answer).toEqual([5, -(50 / 150), 0, 7, -1]);
  });

  it("coerce_to_numeric: digits, ranges, negatives, decimals, number words, and no number", async () => {
    const inputs = ["3", "about 10-15", "-4", "2.5 meters", "three", "twenty one", "one hundred and five", "1,000", "none", "blue"];
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  return ${JSON.stringify(inputs)}.map((text) => coerce_to_numeric(text));
}`);
    expect(result.answer).toEqual([3, 10, -4, 2.5, 3, 21, 105, 1000, "none", "blue"]);
  });

  it("bool_to_yesno", async () => {
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  return [bool_to_yesno(true), bool_to_yesno(false)];
}`);
    expect(result.answer).toEqual(["yes", "no"]);
  });
});
