import { describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { FakeToolHost } from "./fake-tool-host.ts";
import { expectRunError, run } from "./run-helpers.ts";

describe("program errors carry stable codes and the program's line", () => {
  it("a syntax error names its line and column", async () => {
    const error = await expectRunError(`async function execute_command(image: ImagePatch): Promise<Answer> {
  const count = await image.count("circle";
  return count;
}`, "PROGRAM_SYNTAX");
    expect(error.details).toMatchObject({ line: 2, column: 43 });
    expect(error.message).toContain("line 2, column 43");
  });

  it("a program without execute_command is a PROGRAM_SYNTAX error that says what to write", async () => {
    const error = await expectRunError("async function main(image: ImagePatch) { return 1; }", "PROGRAM_SYNTAX");
    expect(error.message).toContain("does not define execute_command");
  });

  it("an import is a PROGRAM_SYNTAX error", async () => {
    await expectRunError('import fs from "node:fs";\nasync function execute_command(image) { return 1; }', "PROGRAM_SYNTAX");
  });

  it("a runtime error names the TypeScript line even with interfaces and annotations above it", async () => {
    const error = await expectRunError(`interface Counted {
  name: string;
  count: number;
}

type Pair = [number, number];

async function execute_command(image: ImagePatch): Promise<Answer> {
  const counted: Counted = { name: "circle", count: await image.count("circle") };
  const pair: Pair = [counted.count, 0];
  const missing = (await image.find("star"))[0] as ImagePatch;
  return missing.width + pair[0];
}`, "PROGRAM_RUNTIME");
    expect(error.details.line).toBe(12);
    expect(error.message).toContain("line 12");
    expect(error.message).toContain("Cannot read properties of undefined");
    expect((error.details.trace as unknown[]).length).toBe(2);
  });

  it("a non-Error throw is PROGRAM_RUNTIME quoting the value", async () => {
    const error = await expectRunError(`async function execute_command(image: ImagePatch): Promise<Answer> {
  throw { reason: "no circle" };
}`, "PROGRAM_RUNTIME");
    expect(error.message).toContain('{"reason":"no circle"}');
  });

  it("an error thrown at the top level is PROGRAM_RUNTIME with its line", async () => {
    const error = await expectRunError(`const table = [1, 2];
table.oops();
async function execute_command(image: ImagePatch): Promise<Answer> { return 1; }`, "PROGRAM_RUNTIME");
    expect(error.details.line).toBe(2);
  });

  it("bad tool arguments are TOOL_ARGUMENT before they reach the host", async () => {
    const host = new FakeToolHost();
    const error = await expectRunError(`async function execute_command(image: ImagePatch): Promise<Answer> {
  return await image.find(42 as unknown as string);
}`, "TOOL_ARGUMENT", { host });
    expect(error.message).toContain("find(object_name): expected a string, got number 42");
    expect(error.details.line).toBe(2);
    expect(host.calls).toEqual([]);
  });
});

describe("host tool errors", () => {
  it("reach the program as a catchable Error whose message and code name the tool's code", async () => {
    const result = await run(`async function execute_command(image: ImagePatch): Promise<Answer> {
  try {
    return await image.simple_query("What is this?");
  } catch (error) {
    return [(error as Error).message, (error as { code: string }).code];
  }
}`, { host: new FakeToolHost({ failing: { simple_query: "NO_BACKEND" } }) });
    expect(result.answer).toEqual(["[NO_BACKEND] No back-end can serve simple_query: configure one (fake host).", "NO_BACKEND"]);
    expect(result.trace[0]?.error).toEqual({ code: "NO_BACKEND", message: expect.stringContaining("No back-end") });
  });

  it("fail the run with the original code and the calling line when uncaught", async () => {
    const error = await expectRunError(`async function execute_command(image: ImagePatch): Promise<Answer> {
  const circles = await image.find("circle");

  return await circles[0].simple_query("What colour?");
}`, "NO_BACKEND", { host: new FakeToolHost({ failing: { simple_query: "NO_BACKEND" } }) });
    expect(error.details.line).toBe(4);
    expect(error.message).toContain("program line 4");
    expect(ViperError.isInstance(error.cause)).toBe(true);
    expect((error.details.trace as unknown[]).length).toBe(2);
  });

  it("from the synchronous crop also propagate", async () => {
    await expectRunError(`async function execute_command(image: ImagePatch): Promise<Answer> {
  return image.crop(0, 0, 10, 10);
}`, "NO_BACKEND", { host: new FakeToolHost({ failing: { crop: "NO_BACKEND" } }) });
  });
});
