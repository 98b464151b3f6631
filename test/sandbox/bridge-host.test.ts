import { describe, expect, it } from "vitest";
import { createBridgeHost } from "../../sandbox/bridge-host.ts";
import { resolvePolicy } from "../../sandbox/index.ts";
import { FakeToolHost } from "./fake-tool-host.ts";

function bridgeFor(host: FakeToolHost, maxToolCalls = 10) {
  const fatal: unknown[] = [];
  const bridge = createBridgeHost({
    host,
    policy: resolvePolicy({ maxToolCalls }),
    runStartMs: performance.now(),
    toSourceLine: (line) => line + 100,
    onFatal: (error) => fatal.push(error),
  });
  return { bridge, fatal };
}

describe("the host half of the bridge (defence behind the prelude)", () => {
  it("refuses every call once the run has ended, without reaching the host", async () => {
    const host = new FakeToolHost();
    const { bridge } = bridgeFor(host);
    bridge.end();
    expect(await bridge.callAsync("find", host.root.$patch, ["circle"], "3:4")).toMatchObject({ ok: false, code: "TOOL_LIMIT" });
    expect(bridge.callSync("crop", host.root.$patch, [0, 0, 1, 1], null)).toMatchObject({ ok: false, code: "TOOL_LIMIT" });
    expect(host.calls).toEqual([]);
  });

  it("refuses unknown tools, unknown targets and forged patch arguments", async () => {
    const host = new FakeToolHost();
    const { bridge } = bridgeFor(host);
    const forged = { $patch: 999, left: 0, lower: 0, right: 1, upper: 1 };
    expect(await bridge.callAsync("read_file", null, [], null)).toMatchObject({ ok: false, code: "TOOL_ARGUMENT" });
    expect(await bridge.callAsync("find", 999, ["circle"], null)).toMatchObject({ ok: false, code: "TOOL_ARGUMENT" });
    expect(await bridge.callAsync("best_image_match", null, [[forged], ["x"]], null)).toMatchObject({ ok: false, code: "TOOL_ARGUMENT" });
    expect(bridge.callSync("crop", null, [0, 0, 1, 1], null)).toMatchObject({ ok: false, code: "TOOL_ARGUMENT" });
    expect(host.calls).toEqual([]);
    expect(bridge.trace).toEqual([]);
  });

  it("accepts patches the host issued during the run, and records the mapped line", async () => {
    const host = new FakeToolHost();
    const { bridge } = bridgeFor(host);
    const found = await bridge.callAsync("find", host.root.$patch, ["circle"], "2:9");
    expect(found.ok).toBe(true);
    const patches = (found as { value: unknown[] }).value;
    expect(await bridge.callAsync("best_image_match", null, [patches, ["green circle"], true], "3:1")).toEqual({ ok: true, value: 1 });
    expect(bridge.trace.map((entry) => entry.line)).toEqual([102, 103]);
  });

  it("ends the run through onFatal when the tool-call limit is passed", async () => {
    const host = new FakeToolHost();
    const { bridge, fatal } = bridgeFor(host, 2);
    for (let call = 0; call < 3; call++) await bridge.callAsync("exists", host.root.$patch, ["circle"], null);
    expect(host.calls.length).toBe(2);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({ code: "TOOL_LIMIT" });
  });
});
