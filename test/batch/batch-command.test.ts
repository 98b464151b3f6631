import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BatchRecord } from "../../src/batch/index.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { readJsonLines } from "../fixtures/json-lines.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { COUNT_CIRCLES, writeScenePictures } from "./batch-pictures.ts";

const folder = useTemporaryFolder({ prefix: "viper-batch-", per: "test" });

async function writeProgram(source = COUNT_CIRCLES): Promise<string> {
  const path = join(folder(), "count-circles.ts");
  await writeFile(path, source);
  return path;
}

describe("viper batch", () => {
  it("runs a program on every picture of a folder and writes one JSON line per picture, resuming where it stopped", async () => {
    const pictures = join(folder(), "pictures");
    const circles = await writeScenePictures(pictures, ["a.png", "sub/b.png", ".hidden/c.png"]);
    await writeFile(join(pictures, "notes.txt"), "not a picture");
    await writeFile(join(pictures, "broken.png"), "not a png either");
    const out = join(folder(), "results.jsonl");
    const command = ["batch", pictures, await writeProgram(), "--out", out];
    const first = await runViperInProcess(command);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain("batch: 3 of 3 pictures recorded: 2 answered, 1 error (IMAGE_INVALID 1).");
    const records = await readJsonLines<BatchRecord>(out);
    const sorted = [...records].sort((a, b) => a.image.localeCompare(b.image));
    expect(sorted.map((record) => [record.image, record.answer, record.error?.code ?? null])).toEqual([
      ["a.png", circles.get("a.png"), null],
      ["broken.png", null, "IMAGE_INVALID"],
      ["sub/b.png", circles.get("sub/b.png"), null],
    ]);
    expect(Object.keys(sorted[0]!)).toEqual(["image", "answer", "error", "timings", "warnings"]);
    expect(Object.keys(sorted[0]!.timings)).toEqual(["loadMs", "transpileMs", "isolateMs", "runMs", "totalMs"]);
    expect(sorted[0]!.warnings).toEqual([]);

    // A crash that lost the last record: the rerun runs that picture only.
    const lines = (await readFile(out, "utf8")).split("\n").filter(Boolean);
    await writeFile(out, `${lines.slice(0, 2).join("\n")}\n`);
    const resumed = await runViperInProcess(command);
    expect(resumed.exitCode).toBe(0);
    const after = (await readFile(out, "utf8")).split("\n").filter(Boolean);
    expect(after.slice(0, 2)).toEqual(lines.slice(0, 2));
    expect(after).toHaveLength(3);
    expect(JSON.parse(after[2]!).image).toBe(JSON.parse(lines[2]!).image);
  }, 60_000);

  it("reads a list of pictures relative to the list, and names a missing or repeated one before running anything", async () => {
    const circles = await writeScenePictures(folder(), ["one.png", "two.png"]);
    const list = join(folder(), "pictures.txt");
    await writeFile(list, "# pictures to count\none.png\n\ntwo.png\n");
    const out = join(folder(), "list.jsonl");
    const run = await runViperInProcess(["batch", list, await writeProgram(), "--out", out]);
    expect(run.exitCode, run.stderr).toBe(0);
    const answers = Object.fromEntries((await readJsonLines<BatchRecord>(out)).map((record) => [record.image, record.answer]));
    expect(answers).toEqual({ "one.png": circles.get("one.png"), "two.png": circles.get("two.png") });

    await writeFile(list, "one.png\nthree.png\n");
    const missing = await runViperInProcess(["batch", list, await writeProgram(), "--out", join(folder(), "missing.jsonl")]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(`BATCH_INPUT: ${list}, line 2: image ${join(folder(), "three.png")} does not exist`);
    await writeFile(list, "one.png\ntwo.png\none.png\n");
    const twice = await runViperInProcess(["batch", list, await writeProgram(), "--out", join(folder(), "twice.jsonl")]);
    expect(twice.stderr).toContain("line 3: one.png is listed twice (line 1 too)");
    const nothing = await runViperInProcess(["batch", join(folder(), "nowhere"), await writeProgram()]);
    expect(nothing.stderr).toContain("BATCH_INPUT:");
  }, 60_000);

  it("stops on a program that does not parse instead of recording it for every picture", async () => {
    await writeScenePictures(folder(), ["pictures/a.png", "pictures/b.png"]);
    const out = join(folder(), "syntax.jsonl");
    const run = await runViperInProcess(["batch", join(folder(), "pictures"), await writeProgram("async function execute_command(image: ImagePatch) {\n  return (;\n}\n"), "--out", out]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("viper batch: PROGRAM_SYNTAX");
    expect(await readFile(out, "utf8")).toBe("");
  });

  it("does not mix the results of another program into a results file", async () => {
    await writeScenePictures(folder(), ["pictures/a.png"]);
    const out = join(folder(), "mixed.jsonl");
    const first = await runViperInProcess(["batch", join(folder(), "pictures"), await writeProgram(), "--out", out]);
    expect(first.exitCode).toBe(0);
    const other = await runViperInProcess(["batch", join(folder(), "pictures"), await writeProgram(COUNT_CIRCLES.replace("circle", "square")), "--out", out]);
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toContain(`BATCH_INPUT: ${out} holds results of another batch run`);
    expect(other.stderr).toContain("Choose another --out, or pass --fresh");
  }, 60_000);

  it("runs the programs in sandbox processes: a program that makes V8 abort is recorded as SANDBOX_CRASHED and the batch goes on", async () => {
    await writeScenePictures(folder(), ["pictures/a.png", "pictures/b.png"]);
    const out = join(folder(), "crash.jsonl");
    // The sort guard reads a small length, the sort itself a huge one: V8 aborts its process (docs/SANDBOX.md).
    const abort = `async function execute_command(image: ImagePatch) {
  let reads = 0;
  await image.exists("circle");
  return Array.prototype.sort.call({ get length() { reads += 1; return reads === 1 ? 3 : 2 ** 28; } }).length;
}
`;
    const run = await runViperInProcess(["batch", join(folder(), "pictures"), await writeProgram(abort), "--out", out, "--isolation", "process"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("0 answered, 2 errors (SANDBOX_CRASHED 2)");
    const normal = await runViperInProcess(["batch", join(folder(), "pictures"), await writeProgram(), "--out", join(folder(), "after.jsonl")]);
    expect(normal.stdout).toContain("2 answered, 0 errors");
  }, 60_000);

  it("prints its usage for missing arguments", async () => {
    const run = await runViperInProcess(["batch", folder()]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("Usage: viper batch <images-folder|list.txt> <program.ts>");
  });
});
