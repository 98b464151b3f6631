import { afterAll, describe, expect, it } from "vitest";
import { ProgramChecker } from "../../src/agent/program-checker.ts";
import { ViperError } from "../../src/errors/index.ts";

const program = (...body: string[]) => `async function execute_command(image: ImagePatch): Promise<Answer> {\n${body.map((line) => `  ${line}`).join("\n")}\n}\n`;
const FOOS = 'const foo_patches = await image.find("foo");';

describe("the checker catches await mistakes TypeScript lets through", () => {
  const checker = new ProgramChecker();
  afterAll(() => checker.dispose());

  it.each([
    ["filter", 'return foo_patches.filter(async (foo) => await foo.verify_property("foo", "red")).length;', "every element is kept", "items.filter((item, index) => checks[index])"],
    ["some", 'return bool_to_yesno(foo_patches.some(async (foo) => await foo.exists("bar")));', "true for any non-empty array", "checks.some((check) => check)"],
    ["every", 'return bool_to_yesno(foo_patches.every(async (foo) => await foo.exists("bar")));', "always true", "checks.every((check) => check)"],
    ["find", 'return foo_patches.find(async (foo) => await foo.exists("bar")) ?? "none";', "always returns the first element", "items[checks.indexOf(true)]"],
    ["findIndex", 'return foo_patches.findIndex(async (foo) => await foo.exists("bar"));', "always returns 0", "checks.indexOf(true)"],
    ["sort", "return foo_patches.sort(async (a, b) => (await a.compute_depth()) - (await b.compute_depth()))[0];", "the order is arbitrary", "await Promise.all(items.map((item) => item.compute_depth()))"],
    ["reduce", "return foo_patches.reduce(async (total, foo) => (await total) + (await foo.count(\"bar\")), Promise.resolve(0));", "the steps do not add up", "for (const item of items)"],
  ])("an async callback to %s(), with its line and how to write it instead", (method, line, problem, fix) => {
    const diagnostics = checker.diagnose(program(FOOS, line));
    expect(diagnostics).toHaveLength(1);
    const [diagnostic] = diagnostics;
    expect(diagnostic).toMatchObject({ line: 3, kind: "async" });
    expect(diagnostic!.message).toContain(`${method}() got an async callback`);
    expect(diagnostic!.message).toContain(problem);
    expect(diagnostic!.message).toContain(fix);
  });

  it("a callback that returns a Promise without the async keyword counts too", () => {
    const diagnostics = checker.diagnose(program(FOOS, 'return foo_patches.filter((foo) => foo.verify_property("foo", "red")).length;'));
    expect(diagnostics).toMatchObject([{ line: 3, kind: "async", message: expect.stringContaining("filter() got an async callback") }]);
  });

  it("forEach(async ...) whose effect the program reads afterwards", () => {
    const diagnostics = checker.diagnose(
      program(FOOS, "let red_count = 0;", 'foo_patches.forEach(async (foo) => {', '  if (await foo.verify_property("foo", "red")) red_count += 1;', "});", "return red_count;"),
    );
    expect(diagnostics).toMatchObject([{ line: 4, kind: "async" }]);
    expect(diagnostics[0]!.message).toContain("forEach() does not wait for an async callback: the program reads `red_count`");
    expect(diagnostics[0]!.message).toContain("Use a `for (const item of items)` loop with await instead.");
    const pushed = checker.diagnose(program(FOOS, "const red = [];", 'foo_patches.forEach(async (foo) => { if (await foo.exists("bar")) red.push(foo); });', "return red.length;"));
    expect(pushed).toMatchObject([{ line: 4, kind: "async", message: expect.stringContaining("reads `red`") }]);
  });

  it("a call whose Promise is dropped, and an array of dropped Promises", () => {
    const dropped = checker.diagnose(program('image.find("foo");', "return 1;"));
    expect(dropped).toMatchObject([{ line: 2, kind: "async", message: expect.stringContaining("The Promise from `image.find(...)` is dropped") }]);
    expect(dropped[0]!.message).toContain("await image.find(...)");
    const mapped = checker.diagnose(program(FOOS, 'foo_patches.map(async (foo) => foo.simple_query("What is this?"));', "return 1;"));
    expect(mapped).toMatchObject([{ line: 3, kind: "async", message: expect.stringContaining("await Promise.all(foo_patches.map(...))") }]);
  });

  it("new ImagePatch(...), pointing at find and crop", () => {
    const diagnostics = checker.diagnose(program("const patch = new ImagePatch();", 'return await patch.count("foo");'));
    expect(diagnostics).toMatchObject([{ line: 2, kind: "async", message: expect.stringContaining("ImagePatch has no constructor") }]);
    // TypeScript's own complaint about the arguments is not repeated.
    expect(checker.diagnose(program("const patch = new ImagePatch(0, 0, 10, 10);", "return patch.width;"))).toHaveLength(1);
  });

  it("makes them PROGRAM_TYPE errors whose message has the line and the source line", () => {
    const source = program(FOOS, 'return foo_patches.filter(async (foo) => await foo.exists("bar")).length;');
    let caught: unknown;
    try {
      checker.check(source);
    } catch (error) {
      caught = error;
    }
    expect(ViperError.hasCode(caught, "PROGRAM_TYPE")).toBe(true);
    expect((caught as ViperError).message).toContain('- line 3: filter() got an async callback');
    expect((caught as ViperError).message).toContain('return foo_patches.filter(async (foo) => await foo.exists("bar")).length;');
  });

  it("keeps catching an un-awaited Promise in a comparison, a condition and an Answer array", () => {
    expect(checker.diagnose(program('if (image.exists("foo")) return "yes";', 'return "no";'))).toMatchObject([{ line: 2, kind: "type" }]);
    expect(checker.diagnose(program('return bool_to_yesno(image.count("foo") > 2);'))).toMatchObject([{ line: 2, kind: "type" }]);
    expect(checker.diagnose(program('return [image.find("foo")];'))).toMatchObject([{ line: 2, kind: "type" }]);
  });

  it("passes correct async code", () => {
    const correct = [
      program(FOOS, 'const checks = await Promise.all(foo_patches.map((foo) => foo.verify_property("foo", "red")));', "return foo_patches.filter((foo, index) => checks[index]).length;"),
      program(FOOS, "const red = [];", 'for (const foo of foo_patches) if (await foo.verify_property("foo", "red")) red.push(foo);', "return red.length;"),
      program(FOOS, "const depths = await Promise.all(foo_patches.map((foo) => foo.compute_depth()));", "const order = foo_patches.map((foo, index) => index).sort((a, b) => depths[a] - depths[b]);", 'return order.length === 0 ? "none" : foo_patches[order[0]];'),
      program(FOOS, 'const answers = await Promise.all(foo_patches.map(async (foo) => await foo.simple_query("What color is this?")));', "return answers.join(\", \");"),
      program(FOOS, "let widest = 0;", "foo_patches.forEach((foo) => { widest = Math.max(widest, foo.width); });", "return widest;"),
      program(FOOS, 'foo_patches.forEach(async (foo) => { await foo.simple_query("What is this?"); });', "return foo_patches.length;"),
      program(FOOS, "foo_patches.sort((a, b) => a.horizontal_center - b.horizontal_center);", 'return foo_patches.length === 0 ? "none" : foo_patches[0];'),
      program('void image.find("foo");', 'await image.count("foo");', "return 1;"),
    ];
    for (const source of correct) expect(checker.diagnose(source), source).toEqual([]);
  });
});
