import { describe, expect, it } from "vitest";
import type { ToolCallDetails, ToolHost } from "../../sandbox/index.ts";
import { observeToolHost } from "../../src/tools/observed-tool-host.ts";
import type { ToolCallEvent } from "../../src/tools/tool-call-event.ts";

const ROOT = { $patch: 1, left: 0, lower: 0, right: 100, upper: 50 };

/** A FAKE tool host: find returns one patch, simple_query reports details, crop fails. */
const fakeHost: ToolHost = {
  root: ROOT,
  async call(tool, _target, _args, report) {
    if (tool === "find") return [{ $patch: 2, left: 10, lower: 10, right: 20, upper: 20 }];
    report?.({ visualTokensIn: 576, visualTokensOut: 64 });
    return "red";
  },
  callSync() {
    throw Object.assign(new Error("outside the patch"), { code: "TOOL_ARGUMENT" });
  },
};

describe("observeToolHost", () => {
  it("reports each call's start and end with target boxes, results, details and errors, and changes no answer", async () => {
    const events: ToolCallEvent[] = [];
    const reported: ToolCallDetails[] = [];
    const host = observeToolHost(fakeHost, (event) => events.push(event));
    expect(await host.call("find", 1, ["circle"])).toEqual([{ $patch: 2, left: 10, lower: 10, right: 20, upper: 20 }]);
    expect(await host.call("simple_query", 2, ["What colour?"], (details) => reported.push(details))).toBe("red");
    expect(() => host.callSync("crop", 2, [0, 0, 500, 500])).toThrow("outside the patch");
    expect(events.map((event) => [event.type, event.entry.index, event.entry.tool])).toEqual([
      ["tool-call-start", 0, "find"], ["tool-call-end", 0, "find"],
      ["tool-call-start", 1, "simple_query"], ["tool-call-end", 1, "simple_query"],
      ["tool-call-start", 2, "crop"], ["tool-call-end", 2, "crop"],
    ]);
    expect(events[1]!.entry).toMatchObject({ target: { left: 0, lower: 0, right: 100, upper: 50 }, result: "1 patch", resultValue: [{ left: 10, lower: 10, right: 20, upper: 20 }] });
    expect(events[3]!.entry).toMatchObject({ target: { left: 10, lower: 10, right: 20, upper: 20 }, result: '"red"', details: { visualTokensIn: 576, visualTokensOut: 64 } });
    expect(reported).toEqual([{ visualTokensIn: 576, visualTokensOut: 64 }]);
    expect(events[5]!.entry.error).toEqual({ code: "TOOL_ARGUMENT", message: "outside the patch" });
  });
});
