import { afterAll, describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { createProcessPool, runProgram, type AsyncToolName, type ProgramRun, type SandboxPolicy, type ToolHost, type ToolValue } from "../../sandbox/index.ts";
import { FakeToolHost } from "./fake-tool-host.ts";
import { program, TIGHT_POLICY } from "./run-helpers.ts";

/**
 * Makes V8 abort the whole process (SIGABRT): the sort guard reads a small length, the sort itself a
 * huge one, and V8 cannot allocate its work array. In process this kills the host; docs/SANDBOX.md
 * lists it among what remains.
 */
const V8_ABORT = program(`let reads = 0;
await image.exists("circle");
return Array.prototype.sort.call({ get length() { reads += 1; return reads === 1 ? 3 : 2 ** 28; } }).length;`);
const COUNT_CIRCLES = program('return (await image.find("circle")).length;');

/** A fake host that reports how it served each call, as the in-process VLM reports its token counts. */
function reportingHost(): ToolHost {
  const inner = new FakeToolHost();
  return {
    root: inner.root,
    async call(tool, target, args, report) {
      report?.({ servedBy: "fake", visualTokensOut: 3 });
      report?.({ cached: false });
      return inner.call(tool, target, args);
    },
    callSync: (tool, target, args) => inner.callSync(tool, target, args),
  };
}

/** A fake host whose tool calls wait until `open()`, so runs are truly in flight while another crashes. */
function gatedHost(): { host: ToolHost; open: () => void; called: Promise<void> } {
  const inner = new FakeToolHost();
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  let markCalled: () => void = () => {};
  const called = new Promise<void>((resolve) => (markCalled = resolve));
  const host: ToolHost = {
    root: inner.root,
    async call(tool: AsyncToolName, target: number | null, args: readonly ToolValue[]) {
      markCalled();
      await gate;
      return inner.call(tool, target, args);
    },
    callSync: (tool, target, args) => inner.callSync(tool, target, args),
  };
  return { host, open, called };
}

function outcomeOf(promise: Promise<ProgramRun>): Promise<{ answer: unknown } | { code: string; message: string }> {
  return promise.then(
    (run) => ({ answer: run.answer }),
    (error: unknown) => ({ code: ViperError.isInstance(error) ? error.code : `not a ViperError: ${String(error)}`, message: (error as Error).message }),
  );
}

const pool = createProcessPool({ maxProcesses: 3 });
afterAll(() => pool.dispose());

describe("the process pool (crash isolation)", () => {
  it("a program that makes V8 abort fails alone with SANDBOX_CRASHED; runs in flight beside it answer; the pool goes on", { timeout: 60_000 }, async () => {
    const gated = [gatedHost(), gatedHost()];
    const inFlight = gated.map(({ host }) => outcomeOf(pool.run({ source: COUNT_CIRCLES, host })));
    await Promise.all(gated.map(({ called }) => called));
    const crashed = await outcomeOf(pool.run({ source: V8_ABORT, host: new FakeToolHost() }));
    expect(crashed).toMatchObject({ code: "SANDBOX_CRASHED", message: expect.stringContaining("was killed by SIGABRT (invalid array length)") });
    expect((crashed as { message: string }).message).not.toContain("/"); // V8's words, no host paths
    for (const { open } of gated) open();
    expect(await Promise.all(inFlight)).toEqual([{ answer: 3 }, { answer: 3 }]);
    expect(await outcomeOf(pool.run({ source: COUNT_CIRCLES, host: new FakeToolHost() }))).toEqual({ answer: 3 });
  });

  it("keeps runProgram's contract: the same answers, traces and typed errors as in process", { timeout: 120_000 }, async () => {
    const cases: { source: string; host?: () => ToolHost; policy?: Partial<SandboxPolicy> }[] = [
      { source: program('return await image.simple_query("What colour?");'), host: reportingHost },
      { source: program('const left = image.crop(0, 0, 150, 200);\nreturn [await left.count("object"), (await image.find("circle"))[1]!];') },
      { source: program('return await best_image_match(await image.find("circle"), ["green circle"], true);') },
      { source: program('throw new Error("no luck");') },
      { source: program("return await image.find(42 as any);") },
      { source: program('return await image.simple_query("What?");'), host: () => new FakeToolHost({ failing: { simple_query: "NO_BACKEND" } }) },
      { source: program("return image.crop(0, 0, 10, 10);"), host: () => new FakeToolHost({ failing: { crop: "NO_BACKEND" } }) },
      { source: program("while (true) {}") },
      // TOOL_LIMIT at the 201st call; the time budgets are widened so that a loaded machine cannot trip them first.
      { source: program('for (let index = 0; index < 500; index++) await image.exists("circle");\nreturn 1;'), policy: { ...TIGHT_POLICY, cpuTimeMs: 10_000, wallTimeoutMs: 30_000 } },
      { source: program("return await new Promise<Answer>(() => {});") },
      { source: program("return (() => 1) as any;") },
      { source: program('return "x".repeat(2 ** 28).split("").length;') },
      { source: "async function main() { return 1; }" },
    ];
    for (const { source, host = () => new FakeToolHost(), policy = TIGHT_POLICY } of cases) {
      const inProcess = await runProgram({ source, host: host(), policy }).then(
        (run) => ({ answer: run.answer, trace: run.trace.map(({ startMs: _start, durationMs: _duration, ...entry }) => entry) }),
        (error: ViperError) => ({ code: error.code, message: error.message, line: error.details.line }),
      );
      const pooled = await pool.run({ source, host: host(), policy }).then(
        (run) => ({ answer: run.answer, trace: run.trace.map(({ startMs: _start, durationMs: _duration, ...entry }) => entry) }),
        (error: ViperError) => ({ code: error.code, message: error.message, line: error.details.line }),
      );
      expect(pooled).toEqual(inProcess);
    }
  });

  it("a tool's own error comes back as the same object (its cause), as in process", async () => {
    const failing = new FakeToolHost({ failing: { find: "NO_BACKEND" } });
    const error = (await pool.run({ source: program('return await image.find("circle");'), host: failing }).catch((thrown: unknown) => thrown)) as ViperError;
    expect(error.code).toBe("NO_BACKEND");
    expect(ViperError.isInstance(error.cause)).toBe(true);
    expect((error.cause as ViperError).message).toContain("fake host");
    const bug = new Error("a bug in the tool host");
    const buggy: ToolHost = { root: failing.root, call: async () => { throw bug; }, callSync: () => failing.root };
    expect(await pool.run({ source: program('return await image.find("circle");'), host: buggy }).catch((thrown: unknown) => thrown)).toBe(bug);
  });

  it("an AbortSignal cancels a running program with the signal's reason", { timeout: 30_000 }, async () => {
    const controller = new AbortController();
    const running = pool.run({ source: program("while (true) {}"), host: new FakeToolHost(), policy: { cpuTimeMs: 20_000 }, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 200);
    await expect(running).rejects.toThrow("user cancelled");
    expect(await outcomeOf(pool.run({ source: COUNT_CIRCLES, host: new FakeToolHost() }))).toEqual({ answer: 3 });
  });

  it("runs beyond maxProcesses wait their turn; an aborted one leaves the line; dispose fails the rest", { timeout: 60_000 }, async () => {
    const small = createProcessPool({ maxProcesses: 1, idleProcesses: 0 });
    const first = gatedHost();
    const running = outcomeOf(small.run({ source: COUNT_CIRCLES, host: first.host }));
    await first.called;
    const controller = new AbortController();
    const abandoned = small.run({ source: COUNT_CIRCLES, host: new FakeToolHost(), signal: controller.signal });
    const queued = outcomeOf(small.run({ source: COUNT_CIRCLES, host: new FakeToolHost() }));
    controller.abort(new Error("no longer needed"));
    await expect(abandoned).rejects.toThrow("no longer needed");
    first.open();
    expect(await running).toEqual({ answer: 3 });
    expect(await queued).toEqual({ answer: 3 });
    const blocked = gatedHost();
    const last = outcomeOf(small.run({ source: COUNT_CIRCLES, host: blocked.host }));
    await blocked.called;
    const waiting = outcomeOf(small.run({ source: COUNT_CIRCLES, host: new FakeToolHost() }));
    await small.dispose();
    expect(await waiting).toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("disposed") });
    expect(await last).toMatchObject({ code: "SANDBOX_CRASHED" });
    await expect(small.run({ source: COUNT_CIRCLES, host: new FakeToolHost() })).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });

  it("rejects bad options and bad policies with CONFIG_INVALID", async () => {
    expect(() => createProcessPool({ maxProcesses: 0 })).toThrow(/maxProcesses must be a whole number >= 1/);
    expect(() => createProcessPool({ recycleRssMb: 1.5 })).toThrow(/recycleRssMb/);
    await expect(pool.run({ source: COUNT_CIRCLES, host: new FakeToolHost(), policy: { cpuTimeMs: -1 } })).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
