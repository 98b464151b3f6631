import { describe, expect, it } from "vitest";
import { distancePeaks } from "../../src/mllm/pixels/distance-peaks.ts";

/** A distance map sampled from a function of (x, y), 0 where it is negative. */
function map(width: number, height: number, at: (x: number, y: number) => number): Float32Array {
  return Float32Array.from({ length: width * height }, (_, index) => Math.max(0, at(index % width, Math.floor(index / width))));
}

describe("distancePeaks", () => {
  it("finds one peak for one bulge, with no saddle", () => {
    const distance = map(21, 21, (x, y) => 8 - Math.hypot(x - 10, y - 10));
    expect(distancePeaks({ distance, width: 21, height: 21 })).toEqual([{ index: 10 * 21 + 10, height: 8, saddle: 0 }]);
  });

  it("gives the lower of two bulges the level of the pass between them and the peak it meets", () => {
    // Two cones, 9 high at x = 8 and 6 high at x = 22: on the line between them the valley is highest
    // at x = 16 and 17, at level 1.
    const distance = map(31, 11, (x, y) => Math.max(9 - Math.hypot(x - 8, y - 5), 6 - Math.hypot(x - 22, y - 5)));
    const peaks = distancePeaks({ distance, width: 31, height: 11 });
    const lower = peaks.find((peak) => peak.height === 6)!;
    expect(lower.index).toBe(5 * 31 + 22);
    expect(lower.meets).toBe(5 * 31 + 8);
    expect(lower.saddle).toBeCloseTo(1, 5);
    expect(peaks.find((peak) => peak.height === 9)!.saddle).toBe(0);
  });

  it("reports separate parts each as a highest peak", () => {
    const distance = map(30, 10, (x, y) => Math.max(3 - Math.hypot(x - 5, y - 5), 3 - Math.hypot(x - 24, y - 5)));
    const peaks = distancePeaks({ distance, width: 30, height: 10 });
    expect(peaks.filter((peak) => peak.saddle === 0).map((peak) => peak.index).sort((a, b) => a - b)).toEqual([5 * 30 + 5, 5 * 30 + 24]);
  });
});
