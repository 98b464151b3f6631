import { afterAll, describe, expect, it } from "vitest";
import { ProgramChecker } from "../../src/agent/program-checker.ts";
import { ViperError } from "../../src/errors/index.ts";

const program = (...body: string[]) => `async function execute_command(image: ImagePatch): Promise<Answer> {\n${body.map((line) => `  ${line}`).join("\n")}\n}\n`;

describe("ProgramChecker", () => {
  const checker = new ProgramChecker();
  afterAll(() => checker.dispose());

  function rejection(source: string): ViperError {
    try {
      checker.check(source);
    } catch (error) {
      if (ViperError.isInstance(error)) return error;
      throw error;
    }
    throw new Error("expected the check to fail");
  }

  it("accepts programs written against the API, including the declaration's own idioms", () => {
    expect(checker.diagnose(program('return (await image.find("x")).length;'))).toEqual([]);
    expect(
      checker.diagnose(
        program(
          'const foo_patches = await image.find("foo");',
          "const blue_foos = [];",
          'for (const foo of foo_patches) if (await foo.verify_property("foo", "blue")) blue_foos.push(foo);',
          "foo_patches.sort((a, b) => distance(a, image) - distance(b, image));",
          "return blue_foos.length > 0 ? bool_to_yesno(true) : coerce_to_numeric(await llm_query(\"2\"));",
        ),
      ),
    ).toEqual([]);
  });

  it("tolerates untyped helpers (implicit any is style, not an error)", () => {
    expect(checker.diagnose(`function widest(patches) {\n  return patches[0];\n}\n${program('return widest(await image.find("x"));')}`)).toEqual([]);
  });

  it("catches a missing await, with its line and TypeScript's hint", () => {
    const error = rejection(program('const n = image.find("x").length;', "return n;"));
    expect(error.code).toBe("PROGRAM_TYPE");
    expect(error.details.line).toBe(2);
    expect(error.message).toContain("- line 2: Property 'length' does not exist on type 'Promise<ImagePatch[]>'. Did you forget to use 'await'?");
    expect(error.message).toContain('const n = image.find("x").length;');
  });

  it("catches unknown methods and wrong argument types", () => {
    const unknown = checker.diagnose(program('const [foo] = await image.find("foo");', "return await foo.caption();"));
    expect(unknown).toMatchObject([{ line: 3, kind: "type", message: "Property 'caption' does not exist on type 'ImagePatch'." }]);
    const wrongType = checker.diagnose(program("return await image.count(3);"));
    expect(wrongType).toMatchObject([{ line: 2, message: "Argument of type 'number' is not assignable to parameter of type 'string'." }]);
  });

  it("knows no DOM and no Node, and says so in words a model can act on", () => {
    const diagnostics = checker.diagnose(program('document.title = "x";', "process.exit(1);", "return 1;"));
    expect(diagnostics.map((diagnostic) => diagnostic.line)).toEqual([2, 3]);
    for (const diagnostic of diagnostics) expect(diagnostic.message).toMatch(/^Cannot find name '(document|process)'. Programs can use only the ImagePatch API/);
  });

  it("reports syntax errors as PROGRAM_SYNTAX", () => {
    const error = rejection(program('return (await image.find("x").length;'));
    expect(error.code).toBe("PROGRAM_SYNTAX");
    expect(error.message).toContain("line 2: ')' expected.");
  });

  it("requires execute_command", () => {
    expect(rejection("async function main(image: ImagePatch) { return 1; }\n").message).toContain("must define `async function execute_command");
  });

  it("stays warm: later checks take milliseconds, not the cold start", () => {
    const fresh = new ProgramChecker();
    const coldStart = performance.now();
    fresh.diagnose(program("return 1;"));
    const coldMs = performance.now() - coldStart;
    const times: number[] = [];
    for (let index = 0; index < 16; index++) {
      const started = performance.now();
      fresh.diagnose(program(`const foo_count = await image.count("foo ${index}");`, "return foo_count;"));
      times.push(performance.now() - started);
    }
    fresh.dispose();
    times.sort((a, b) => a - b);
    // The lower quartile resists a loaded machine; bench/planner.bench.ts reports the real distribution.
    expect(times[4]).toBeLessThan(30);
    expect(times[8]).toBeLessThan(coldMs / 5);
  });
});
