import { describe, expect, it } from "vitest";
import ivm from "isolated-vm";

describe("toolchain", () => {
  it("runs isolated-vm on Node >= 22", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22);
    const isolate = new ivm.Isolate({ memoryLimit: 16 });
    expect(isolate.compileScriptSync("6 * 7").runSync(isolate.createContextSync())).toBe(42);
    isolate.dispose();
  });
});
