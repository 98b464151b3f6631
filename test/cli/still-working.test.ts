import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startStillWorkingNotice } from "../../src/cli/still-working.ts";

/** A stderr that records what was written; `isTTY` says whether it claims to be a terminal. */
function recordingStderr(isTTY: boolean): { io: { stdout: PassThrough; stderr: PassThrough & { isTTY?: boolean } }; written: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY });
  const chunks: string[] = [];
  stderr.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  return { io: { stdout: new PassThrough(), stderr }, written: () => chunks.join("") };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the still-working line of a long command", () => {
  it("on a terminal: silent for the first 3 s, then one line updated in place each second, erased at the end", async () => {
    const { io, written } = recordingStderr(true);
    const notice = startStillWorkingNotice(io, { what: "running the program" });
    await vi.advanceTimersByTimeAsync(2_999);
    expect(written()).toBe("");
    await vi.advanceTimersByTimeAsync(1);
    expect(written()).toBe("\r\x1b[2Kviper: still running the program (3 s)...");
    await vi.advanceTimersByTimeAsync(2_000);
    expect(written().split("\r\x1b[2K").filter(Boolean)).toEqual([
      "viper: still running the program (3 s)...",
      "viper: still running the program (4 s)...",
      "viper: still running the program (5 s)...",
    ]);
    notice.stop();
    expect(written().endsWith("\r\x1b[2K")).toBe(true);
    const before = written();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(written()).toBe(before);
  });

  it("writes nothing when the work ends first, or when stderr is not a terminal", async () => {
    const quick = recordingStderr(true);
    startStillWorkingNotice(quick.io, { what: "planning" }).stop();
    const piped = recordingStderr(false);
    const notice = startStillWorkingNotice(piped.io, { what: "planning" });
    await vi.advanceTimersByTimeAsync(60_000);
    notice.stop();
    expect(quick.written()).toBe("");
    expect(piped.written()).toBe("");
  });
});
