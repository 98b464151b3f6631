import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProcessPool, type ToolHost } from "../../sandbox/index.ts";
import { FakeToolHost } from "./fake-tool-host.ts";
import { expectHealthyRun, expectRunError, hostile, program, run } from "./run-helpers.ts";

// A long wall timeout, so only the deadlock detection can end these runs within a second.
const PATIENT_POLICY = { wallTimeoutMs: 120_000, cpuTimeMs: 2_000 };
const WITHIN_ONE_SECOND = { policy: PATIENT_POLICY, withinMs: 1_000 };

// The first run in a worker pays for loading isolated-vm and compiling the prelude; not what is measured.
beforeAll(() => expectHealthyRun());

describe("a program that awaits what nothing can settle fails at once → SANDBOX_DEADLOCK", () => {
  hostile("a Promise whose resolve is never called", program("const value = await new Promise<number>(() => {});\nreturn value;"),
    "SANDBOX_DEADLOCK", { ...WITHIN_ONE_SECOND, message: /waits at line 2 / });
  hostile("after tool calls that all answered", program('const circles = await image.find("circle");\nconst count = await circles[0]!.count("circle");\n\nawait new Promise(() => {});\nreturn count;'),
    "SANDBOX_DEADLOCK", { ...WITHIN_ONE_SECOND, message: /waits at line 5 / });
  hostile("an async function awaiting its own promise", program("let self: Promise<number>;\nself = (async () => { await null; return await self; })();\nreturn await self;"),
    "SANDBOX_DEADLOCK", WITHIN_ONE_SECOND);
  hostile("Promise.withResolvers that nobody resolves", program("const { promise } = Promise.withResolvers<number>();\nreturn await promise;"),
    "SANDBOX_DEADLOCK", { ...WITHIN_ONE_SECOND, message: /waits at line 3 / });
  hostile("a thenable whose then never calls back", program("return await ({ then() {} } as unknown as Promise<number>);"),
    "SANDBOX_DEADLOCK", WITHIN_ONE_SECOND);
  hostile("Promise.all with one member stuck, in a helper", `async function stuck(): Promise<number> {
  return await new Promise<number>(() => {});
}
async function execute_command(image: ImagePatch): Promise<Answer> {
  const [a, b] = await Promise.all([stuck(), image.count("circle")]);
  return a + b;
}`, "SANDBOX_DEADLOCK", WITHIN_ONE_SECOND);
});

describe("what is slow but not stuck still answers", () => {
  it("a tool call that takes a while (the wall timeout stays for slow tools)", async () => {
    const inner = new FakeToolHost();
    const slow: ToolHost = {
      root: inner.root,
      call: async (tool, target, args) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return inner.call(tool, target, args);
      },
      callSync: (tool, target, args) => inner.callSync(tool, target, args),
    };
    expect((await run(program('return await image.count("circle");'), { host: slow, policy: PATIENT_POLICY })).answer).toBe(3);
  });

  it("a program that computes for a while between awaits", async () => {
    const result = await run(program(`const count = await image.count("circle");
let sum = 0;
for (let index = 0; index < 3e7; index++) sum += index % 7;
return [count, sum > 0];`), { policy: PATIENT_POLICY });
    expect(result.answer).toEqual([3, true]);
  });

  it("a long chain of awaits that each settle", async () => {
    const result = await run(program("let value = 0;\nfor (let index = 0; index < 20_000; index++) value = await Promise.resolve(value + 1);\nreturn value;"), { policy: PATIENT_POLICY });
    expect(result.answer).toBe(20_000);
  });
});

describe("in a sandbox process too", () => {
  const pool = createProcessPool({ maxProcesses: 1 });
  afterAll(() => pool.dispose());

  it("a never-settling program → SANDBOX_DEADLOCK within a second, then a normal run", async () => {
    const startedMs = performance.now();
    const error = await pool.run({ source: program("return await new Promise<Answer>(() => {});"), host: new FakeToolHost(), policy: PATIENT_POLICY })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "SANDBOX_DEADLOCK", details: { line: 2 } });
    expect(performance.now() - startedMs).toBeLessThan(1_000);
    expect((await pool.run({ source: program('return await image.count("circle");'), host: new FakeToolHost() })).answer).toBe(3);
  });
});

it("the deadlock error names the line of the await, in the TypeScript source (enums shift the JavaScript)", async () => {
  // Enums go through the TypeScript compiler, which loads on first use (about a second): no 1 s bound here.
  const error = await expectRunError(`enum Shape { Circle }

async function execute_command(image: ImagePatch): Promise<Answer> {
  const shape: Shape = Shape.Circle;
  await image.find("circle");
  return await new Promise<Answer>(() => {});
}`, "SANDBOX_DEADLOCK", { policy: PATIENT_POLICY, withinMs: 10_000 });
  expect(error.details.line).toBe(6);
  await expectHealthyRun();
});
