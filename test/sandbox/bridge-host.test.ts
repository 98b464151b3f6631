import { describe, expect, it } from "vitest";
import { createBridgeHost } from "../../sandbox/bridge-host.ts";
import { BRIDGE_LIMITS } from "../../sandbox/bridge-limits.ts";
import { resolvePolicy, type ToolHost, type ToolValue } from "../../sandbox/index.ts";
import { FakeToolHost } from "./fake-tool-host.ts";

function bridgeFor(host: ToolHost, options: { maxToolCalls?: number; toSourceLine?: (line: number) => number | null } = {}) {
  const fatal: unknown[] = [];
  const bridge = createBridgeHost({
    host,
    policy: resolvePolicy({ maxToolCalls: options.maxToolCalls ?? 10 }),
    runStartMs: performance.now(),
    toSourceLine: options.toSourceLine ?? ((line) => line + 100),
    onFatal: (error) => fatal.push(error),
  });
  return { bridge, fatal };
}

/** A call message as the prelude writes it. */
function message(tool: string, target: number | null, args: unknown[], site: string | null = null): string {
  return JSON.stringify([tool, target, args, site]);
}

function replyOf(text: string): unknown[] {
  return JSON.parse(text) as unknown[];
}

describe("the host half of the bridge (defence behind the prelude)", () => {
  it("refuses every call once the run has ended, without reaching the host", async () => {
    const host = new FakeToolHost();
    const { bridge } = bridgeFor(host);
    bridge.end();
    expect(replyOf(await bridge.callAsync(message("find", host.root.$patch, ["circle"], "3:4"))).slice(0, 2)).toEqual([false, "TOOL_LIMIT"]);
    expect(replyOf(await bridge.callSync(message("crop", host.root.$patch, [0, 0, 1, 1]))).slice(0, 2)).toEqual([false, "TOOL_LIMIT"]);
    expect(host.calls).toEqual([]);
  });

  it("refuses unknown tools, unknown targets, forged patch arguments and crop without a patch", async () => {
    const host = new FakeToolHost();
    const { bridge } = bridgeFor(host);
    const refusals = [
      await bridge.callAsync(message("read_file", null, [])),
      await bridge.callAsync(message("find", 999, ["circle"])),
      await bridge.callAsync(message("best_image_match", null, [[{ $patch: 999 }], ["x"]])),
      await bridge.callSync(message("crop", null, [0, 0, 1, 1])),
    ];
    expect(refusals.map((text) => replyOf(text).slice(0, 2))).toEqual(refusals.map(() => [false, "TOOL_ARGUMENT"]));
    expect(host.calls).toEqual([]);
    expect(bridge.trace).toEqual([]);
  });

  it("refuses, never throws and never rejects on messages the prelude would not write", async () => {
    const host = new FakeToolHost();
    const { bridge } = bridgeFor(host);
    const deep = `["find",${host.root.$patch},[${"[".repeat(6_000)}"x"${"]".repeat(6_000)}],null]`;
    const malformed: unknown[] = [
      undefined, 42, "not json", "{}", "[1,2,3]", JSON.stringify(["find", "1", ["circle"], null]),
      deep,
      message("find", host.root.$patch, ["x".repeat(BRIDGE_LIMITS.maxTextLength + 1)]),
      message("best_text_match", host.root.$patch, [Array.from({ length: BRIDGE_LIMITS.maxListLength + 1 }, () => "a")]),
      message("find", host.root.$patch, [{ $patch: host.root.$patch, left: -1e6, lower: 0, right: 1e6, upper: 1e6 }]),
      message("find", host.root.$patch, ["a", "b", "c", "d", "e"]),
      "[".repeat(100_000) + "]".repeat(100_000),
    ];
    for (const text of malformed) {
      expect(replyOf(await bridge.callAsync(text)).slice(0, 2)).toEqual([false, "TOOL_ARGUMENT"]);
      expect(replyOf(await bridge.callSync(text)).slice(0, 2)).toEqual([false, "TOOL_ARGUMENT"]);
    }
    expect(host.calls).toEqual([]);
  });

  it("gives no line for a site the program forged, and a line mapper that throws cannot break admission", async () => {
    const host = new FakeToolHost();
    const { bridge } = bridgeFor(host, {
      toSourceLine: (line) => {
        if (line > 50) throw new Error("`line` out of range");
        return line;
      },
    });
    for (const site of ["0:1", "99:1", "x:y", "1:0", "12345678901:1"]) {
      expect(replyOf(await bridge.callAsync(message("exists", host.root.$patch, ["circle"], site)))[0]).toBe(true);
    }
    expect(bridge.trace.map((entry) => entry.line)).toEqual([null, null, null, null, null]);
  });

  it("accepts patches the host issued during the run (by handle, with the host's own box) and records the mapped line", async () => {
    const host = new FakeToolHost();
    const { bridge } = bridgeFor(host);
    const found = replyOf(await bridge.callAsync(message("find", host.root.$patch, ["circle"], "2:9")));
    expect(found[0]).toBe(true);
    const handles = (found[1] as { $patch: number }[]).map((patch) => ({ $patch: patch.$patch }));
    expect(replyOf(await bridge.callAsync(message("best_image_match", null, [handles, ["green circle"], true], "3:1")))).toEqual([true, 1]);
    expect(bridge.trace.map((entry) => entry.line)).toEqual([102, 103]);
    expect(host.calls[1]?.args[0]).toEqual(expect.arrayContaining([{ $patch: handles[0]!.$patch, left: 20, lower: 120, right: 60, upper: 160 }]));
  });

  it("ends the run through onFatal when the tool-call limit is passed", async () => {
    const host = new FakeToolHost();
    const { bridge, fatal } = bridgeFor(host, { maxToolCalls: 2 });
    for (let call = 0; call < 3; call++) await bridge.callAsync(message("exists", host.root.$patch, ["circle"]));
    expect(host.calls.length).toBe(2);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({ code: "TOOL_LIMIT" });
  });

  it("fails a call whose result is too long or not a bridge value, without copying it into the isolate", async () => {
    const answers: Record<string, ToolValue> = {
      simple_query: "x".repeat(BRIDGE_LIMITS.maxReplyLength),
      llm_query: [[["nested"]]] as unknown as ToolValue,
    };
    const root = { $patch: 1, left: 0, lower: 0, right: 10, upper: 10 };
    const host: ToolHost = { root, call: async (tool) => answers[tool]!, callSync: () => root };
    const { bridge } = bridgeFor(host);
    expect(replyOf(await bridge.callAsync(message("simple_query", 1, ["What is it?"])))).toEqual([false, "RESULT_TOO_LARGE", expect.stringContaining("at most"), 0]);
    expect(replyOf(await bridge.callAsync(message("llm_query", null, ["Why?"])))).toEqual([false, "HOST_ERROR", expect.stringContaining("cannot cross the bridge"), 1]);
    expect(bridge.trace.map((entry) => entry.error?.code)).toEqual(["RESULT_TOO_LARGE", "HOST_ERROR"]);
  });

  it("counts the calls in flight and every call that starts or settles (for the deadlock watch)", async () => {
    const host = new FakeToolHost({ hanging: ["simple_query"] });
    const { bridge } = bridgeFor(host);
    expect([bridge.pendingCalls, bridge.activity]).toEqual([0, 0]);
    void bridge.callAsync(message("simple_query", host.root.$patch, ["What is it?"]));
    expect(bridge.pendingCalls).toBe(1);
    await bridge.callAsync(message("exists", host.root.$patch, ["circle"]));
    expect(bridge.pendingCalls).toBe(1);
    expect(bridge.activity).toBe(3);
  });
});
