import { describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import { DEFAULT_POLICY, resolvePolicy } from "../../sandbox/index.ts";

describe("resolvePolicy", () => {
  it("fills missing limits with the defaults", () => {
    expect(resolvePolicy({ cpuTimeMs: 50 })).toEqual({ ...DEFAULT_POLICY, cpuTimeMs: 50 });
    expect(resolvePolicy()).toEqual(DEFAULT_POLICY);
  });

  it.each([
    [{ memoryLimitMb: 4 }, /memoryLimitMb must be a whole number >= 8, got 4/],
    [{ wallTimeoutMs: 0 }, /wallTimeoutMs must be a whole number >= 1/],
    [{ cpuTimeMs: 1.5 }, /cpuTimeMs must be a whole number/],
    [{ maxToolCalls: -1 }, /maxToolCalls must be a whole number >= 0/],
    [{ maxResultBytes: Number.NaN }, /maxResultBytes must be a whole number/],
    [{ maxSourceBytes: "100" as unknown as number }, /maxSourceBytes must be a whole number/],
    [{ timeoutMs: 5 } as object, /Unknown sandbox policy option "timeoutMs"/],
  ])("rejects %o with CONFIG_INVALID", (partial, message) => {
    const attempt = () => resolvePolicy(partial);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(ViperError.hasCode(error, "CONFIG_INVALID")).toBe(true);
    }
  });

  it("scales the process-memory budget with the heap unless it is given", () => {
    expect(resolvePolicy({ memoryLimitMb: 16 }).processMemoryMb).toBe(256);
    expect(resolvePolicy({ memoryLimitMb: 128 }).processMemoryMb).toBe(512);
    expect(resolvePolicy({ memoryLimitMb: 128, processMemoryMb: 64 }).processMemoryMb).toBe(64);
  });

  it("returns a frozen policy", () => {
    expect(Object.isFrozen(resolvePolicy({}))).toBe(true);
  });
});
