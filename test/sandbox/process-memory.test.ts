import { describe, expect, it } from "vitest";
import type { SandboxPolicy, ToolHost } from "../../sandbox/index.ts";
import { FakeToolHost } from "./fake-tool-host.ts";
import { expectHealthyRun, expectRunError, program, run } from "./run-helpers.ts";

const WATCHED: Partial<SandboxPolicy> = { processMemoryMb: 128, cpuTimeMs: 5_000, wallTimeoutMs: 10_000 };

describe("the process-memory watch (memory V8 allocates outside the isolate's heap limit)", () => {
  it("a huge string flattened in one piece, kept while the program works → SANDBOX_MEMORY", { timeout: 30_000 }, async () => {
    // Doubling builds a cheap rope; indexOf flattens it into one 256 MB two-byte string, which
    // isolated-vm lets V8 allocate past the 16 MB heap limit (it grants 1 GB of slack rather than crash).
    const error = await expectRunError(program(`let text = "\\u1234";
for (let step = 0; step < 27; step++) text += text;
const found = text.indexOf("y");
let sum = 0;
for (let index = 0; index < 1e9; index++) sum += index;
return [found, sum];`), "SANDBOX_MEMORY", { policy: { ...WATCHED, memoryLimitMb: 16 }, withinMs: 10_000 });
    expect(error.message).toMatch(/process's memory grow by \d+ MB/);
    await expectHealthyRun();
  });

  it("memory a tool allocates (a model loading) is not the program's", { timeout: 30_000 }, async () => {
    const kept: Buffer[] = [];
    const inner = new FakeToolHost();
    const hungry: ToolHost = {
      root: inner.root,
      async call(tool, target, args) {
        kept.push(Buffer.alloc(200 * 1024 * 1024, 1));
        return inner.call(tool, target, args);
      },
      callSync: (tool, target, args) => inner.callSync(tool, target, args),
    };
    const result = await run(program(`const count = await image.count("circle");
let sum = 0;
for (let index = 0; index < 2e7; index++) sum += index % 3;
return [count, sum > 0];`), { host: hungry, policy: WATCHED });
    expect(result.answer).toEqual([3, true]);
    kept.length = 0;
  });
});
