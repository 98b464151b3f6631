import { describe, expect, it } from "vitest";
import type { SandboxPolicy } from "../../sandbox/index.ts";
import { FakeToolHost } from "./fake-tool-host.ts";
import { expectHealthyRun, expectRunError, hostile, program, run, TIGHT_POLICY } from "./run-helpers.ts";

const MEMORY_POLICY: Partial<SandboxPolicy> = { memoryLimitMb: 16, cpuTimeMs: 4_000, wallTimeoutMs: 6_000 };

describe("hostile programs: endless work", () => {
  hostile("a synchronous infinite loop", program("while (true) {}"), "SANDBOX_CPU");
  hostile("an infinite loop after an await", program('await image.find("circle");\nfor (;;) {}'), "SANDBOX_CPU");
  hostile("an endless chain of microtasks (awaits that never yield to the host)", program("for (;;) await null;"), "SANDBOX_CPU");
  hostile("an infinite loop at the top level", "while (true) {}\nasync function execute_command(image) { return 1; }", "SANDBOX_CPU");
  hostile("an infinite loop inside a sort comparator", program("return [3, 1, 2].sort(() => { while (true) {} });"), "SANDBOX_CPU");
  hostile("a promise that never settles (no tool call running, nothing left to run)", program("return await new Promise<Answer>(() => {});"),
    "SANDBOX_DEADLOCK", { withinMs: 1_000, message: /waits at line 2 /, policy: { ...TIGHT_POLICY, wallTimeoutMs: 120_000 } });
  hostile("a tool call that never settles (the wall timeout stays for slow tools)", program('return await image.simple_query("What is this?");'), "SANDBOX_TIMEOUT", {
    host: () => new FakeToolHost({ hanging: ["simple_query"] }),
  });
  hostile("deep recursion", program("const dive = (depth: number): number => dive(depth + 1) + 1;\nreturn dive(0);"), "PROGRAM_RUNTIME", {
    message: /Maximum call stack size exceeded/,
  });
});

describe("hostile programs: memory bombs", () => {
  hostile("an ever-growing array", program("const items = [];\nwhile (true) items.push({ index: items.length, label: `item ${items.length}` });"),
    "SANDBOX_MEMORY", { policy: MEMORY_POLICY, withinMs: 8_000 });
  hostile("string doubling that forces flat strings", program('let text = "x";\nwhile (true) { text += text; text.indexOf("y"); }'),
    "SANDBOX_MEMORY", { policy: MEMORY_POLICY, withinMs: 8_000 });
  hostile("JSON.parse/stringify abuse", program("let value: unknown = [1];\nwhile (true) value = JSON.parse(JSON.stringify([value, value]));"),
    "SANDBOX_MEMORY", { policy: MEMORY_POLICY, withinMs: 8_000 });
  hostile("filling a huge sparse array (would abort the whole process without the guard)", program("return new Array(1e9).fill(0).length;"),
    "SANDBOX_MEMORY", { policy: MEMORY_POLICY });
  hostile("Array.prototype.fill on a huge array-like", program("return Array.prototype.fill.call({ length: 1e9 }, 0).length;"),
    "SANDBOX_MEMORY", { policy: MEMORY_POLICY });
  hostile("typed arrays past the limit", program("const buffers = [];\nwhile (true) buffers.push(new Float64Array(1_000_000));"),
    "PROGRAM_RUNTIME", { policy: MEMORY_POLICY, message: /Array buffer allocation failed/ });
  hostile("string doubling past V8's string limit", program('let text = "x";\nwhile (true) text += text;'), "PROGRAM_RUNTIME", {
    message: /Invalid string length/,
  });
});

describe("hostile programs: escapes", () => {
  hostile("image.constructor.constructor('return process')()", program('return image.constructor.constructor("return process")();'),
    "PROGRAM_RUNTIME", { message: /process is not defined/ });
  hostile("({}).constructor.constructor('return require')()", program('return ({}).constructor.constructor("return require")();'),
    "PROGRAM_RUNTIME", { message: /require is not defined/ });
  hostile("the AsyncFunction constructor reached from find", program('return await new (image.find.constructor as any)("return process.pid")();'),
    "PROGRAM_RUNTIME", { message: /process is not defined/ });
  hostile("constructing an ImagePatch by hand", program("return new (ImagePatch as any)({}, { $patch: 1, left: 0, lower: 0, right: 1, upper: 1 });"),
    "PROGRAM_RUNTIME", { message: /cannot be constructed by a program/ });
  hostile("assigning to a patch's box in strict mode", `"use strict";\n${program("(image as any).left = 5;\nreturn image.left;")}`,
    "PROGRAM_RUNTIME", { message: /read only property 'left'/ });
  hostile("redefining a patch's box", program('Object.defineProperty(image, "upper", { value: 1 });\nreturn image.upper;'),
    "PROGRAM_RUNTIME", { message: /Cannot redefine property: upper/ });

  it("forged patch handles never reach the host → TOOL_ARGUMENT", async () => {
    const host = new FakeToolHost();
    await expectRunError(program('return await best_image_match([{ $patch: 1, left: 0, lower: 0, right: 9, upper: 9 }] as any, ["circle"]);'),
      "TOOL_ARGUMENT", { host });
    await expectRunError(program('return await ImagePatch.prototype.find.call({ $patch: 1 }, "circle");'), "PROGRAM_RUNTIME", { host });
    expect(host.calls).toEqual([]);
    await expectHealthyRun();
  });

  it("the host globals are not there: process, require, module, Buffer, WebAssembly, SharedArrayBuffer, Atomics", async () => {
    const names = ["process", "require", "module", "Buffer", "setTimeout", "fetch", "WebAssembly", "SharedArrayBuffer", "Atomics"];
    const result = await run(program(`const global = (0, eval)("this");
return ${JSON.stringify(names)}.map((name) => typeof global[name]);`));
    expect(result.answer).toEqual(names.map(() => "undefined"));
  });

  it("prepareStackTrace call sites show no prelude function or receiver", async () => {
    const result = await run(program(`let frames: string[] = [];
(Error as any).prepareStackTrace = (_error: Error, sites: any[]) => {
  frames = sites.map((site) => [site.getFileName(), typeof site.getFunction(), typeof site.getThis()].join(" "));
  return "hijacked";
};
try { await image.find(1 as any); } catch (error) { void (error as Error).stack; }
try { image.crop(0, 0, "x" as any, 1); } catch (error) { void (error as Error).stack; }
return frames.filter((frame) => frame.startsWith("viper-prelude.js"));`));
    const preludeFrames = result.answer as string[];
    expect(preludeFrames.length).toBeGreaterThan(0);
    expect(preludeFrames.every((frame) => frame === "viper-prelude.js undefined undefined")).toBe(true);
  });

  it("a walk over everything reachable finds no isolated-vm object (Reference, ExternalCopy, ...)", async () => {
    const result = await run(program(`const seen = new Set<unknown>();
const found: string[] = [];
let error: unknown = null;
try { await image.find(null as any); } catch (thrown) { error = thrown; }
const queue: unknown[] = [(0, eval)("this"), image, ImagePatch, best_image_match, distance, error, await image.find("circle")];
while (queue.length > 0 && seen.size < 20000) {
  const value = queue.shift();
  if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) continue;
  seen.add(value);
  const tag = Object.prototype.toString.call(value);
  const name = typeof value === "function" ? value.name : (value as object).constructor?.name;
  if (/\\b(Reference|ExternalCopy|Isolate|Context|Dereference|Callback|NativeModule)\\b/.test(tag + " " + String(name))) found.push(tag + " " + String(name));
  queue.push(Object.getPrototypeOf(value));
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor !== undefined) queue.push(descriptor.value, descriptor.get, descriptor.set);
  }
}
return [found, seen.size > 500];`));
    expect(result.answer).toEqual([[], true]);
  });

  it("after setup, the global object holds only standard built-ins and the API (no temporaries)", async () => {
    const result = await run(program(`const global = (0, eval)("this");
return Object.getOwnPropertyNames(global).filter((name) => !/^[A-Z]/.test(name) || name === "ImagePatch");`));
    expect((result.answer as string[]).sort()).toEqual([
      "ImagePatch", "best_image_match", "bool_to_yesno", "coerce_to_numeric", "console", "decodeURI", "decodeURIComponent",
      "distance", "encodeURI", "execute_command", "encodeURIComponent", "escape", "eval", "globalThis", "isFinite", "isNaN", "llm_query",
      "parseFloat", "parseInt", "undefined", "unescape",
    ].sort());
  });

  it("replacing built-ins does not change how the bridge works", async () => {
    const result = await run(program(`Array.isArray = () => false;
JSON.stringify = () => "forged";
Reflect.apply = () => { throw new Error("hijacked"); };
Object.defineProperty(Object.prototype, "timeout", { get() { throw new Error("hijacked options"); } });
const circles = await image.find("circle");
return [circles.length, circles[0] instanceof ImagePatch];`));
    expect(result.answer).toEqual([3, true]);
  });
});

describe("hostile programs: tool calls", () => {
  hostile("thousands of tool calls", program('for (let index = 0; index < 5000; index++) await image.exists("circle");\nreturn 1;'), "TOOL_LIMIT");
  hostile("thousands of tool calls whose errors are caught", program(`for (let index = 0; index < 5000; index++) {
  try { await image.count("circle"); } catch { /* keep going */ }
}
return 1;`), "TOOL_LIMIT");
  hostile("thousands of synchronous crops", program("for (let index = 0; index < 5000; index++) image.crop(0, 0, 1, 1);\nreturn 1;"), "TOOL_LIMIT");

  it("a tool call after execute_command returned is refused, never reaches the host, and fails the run → TOOL_LIMIT", async () => {
    const host = new FakeToolHost();
    const error = await expectRunError(program(`void (async () => {
  for (let tick = 0; tick < 5; tick++) await null;
  await image.find("circle");
})();
return "done";`), "TOOL_LIMIT", { host });
    expect(error.message).toContain("find was called after execute_command returned");
    expect(host.calls).toEqual([]);
    await expectHealthyRun();
  });

  it("a patch stashed and used after the run ended is refused too → TOOL_LIMIT", async () => {
    const host = new FakeToolHost();
    await expectRunError(program(`const stash = image;
void Promise.resolve().then(() => null).then(() => null).then(() => stash.crop(0, 0, 1, 1));
return "done";`), "TOOL_LIMIT", { host });
    expect(host.calls).toEqual([]);
    await expectHealthyRun();
  });

  it("an unhandled rejection fails the run → PROGRAM_RUNTIME", async () => {
    const error = await expectRunError(program('void Promise.reject(new Error("forgotten"));\nreturn 1;'), "PROGRAM_RUNTIME");
    expect(error.message).toContain("forgotten");
  });
});

describe("hostile programs: answers", () => {
  hostile("a huge string answer", program('return "x".repeat(2_000_000);'), "RESULT_TOO_LARGE");
  // Building 500,000 numbers takes ~100 ms of CPU, past the tight 300 ms budget on a loaded machine now and then.
  hostile("a huge array answer", program("return Array.from({ length: 500_000 }, (_, index) => index);"), "RESULT_TOO_LARGE", {
    policy: { ...TIGHT_POLICY, cpuTimeMs: 2_000 },
  });
  hostile("returning a function", program("return (() => 1) as any;"), "PROGRAM_RESULT", { message: /is a function/ });
  hostile("returning a symbol", program('return Symbol("x") as any;'), "PROGRAM_RESULT", { message: /is a symbol/ });
  hostile("returning a cyclic array", program("const items: any[] = [1];\nitems.push(items);\nreturn items;"), "PROGRAM_RESULT", {
    message: /contains itself/,
  });
  hostile("returning undefined (no return)", program('await image.find("circle");'), "PROGRAM_RESULT", { message: /undefined/ });
  hostile("returning a bigint", program("return 10n as any;"), "PROGRAM_RESULT", { message: /bigint/ });
  hostile("returning a plain object", program("return { count: 3 } as any;"), "PROGRAM_RESULT", { message: /is an object/ });
  hostile("returning NaN", program("return 0 / 0;"), "PROGRAM_RESULT", { message: /not a finite number/ });
  hostile("throwing a string", program('throw "no circles here";'), "PROGRAM_RUNTIME", { message: /no circles here/ });
  hostile("throwing null", program("throw null;"), "PROGRAM_RUNTIME", { message: /non-Error value: null/ });
  hostile("throwing an object whose toString throws", program('throw { toString() { throw new Error("nope"); }, toJSON() { throw new Error("nope"); } };'),
    "PROGRAM_RUNTIME");
  hostile("an Error whose message getter throws", program('const error = new Error("x");\nObject.defineProperty(error, "message", { get() { throw 1; } });\nthrow error;'),
    "PROGRAM_RUNTIME");
  hostile("a program larger than maxSourceBytes", program(`// ${"x".repeat(200_000)}\nreturn 1;`), "PROGRAM_SYNTAX", { message: /bytes; the limit/ });
});

describe("cancellation", () => {
  it("an AbortSignal stops a running program promptly with the signal's reason", async () => {
    const { runProgram } = await import("../../sandbox/index.ts");
    const controller = new AbortController();
    const startedMs = performance.now();
    const running = runProgram({ source: program("while (true) {}"), host: new FakeToolHost(), signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 50);
    await expect(running).rejects.toThrow("user cancelled");
    expect(performance.now() - startedMs).toBeLessThan(1_000);
    await expectHealthyRun();
  });
});
