import { describe, expect, it } from "vitest";
import type { TraceEntry } from "../../sandbox/index.ts";
import { BOX_COLORS, foundBoxGroups, patchToImagePixels } from "../../src/report/report-boxes.ts";

const IMAGE = { width: 640, height: 480 };

/** A finished trace entry, as the sandbox records it. */
function call(index: number, tool: TraceEntry["tool"], args: TraceEntry["args"], resultValue: TraceEntry["resultValue"], line: number | null = index + 2): TraceEntry {
  return { type: "tool-call", index, tool, target: { left: 0, lower: 0, right: 640, upper: 480 }, args, result: "…", resultValue, startMs: index * 10, durationMs: 5, line };
}

describe("patchToImagePixels (ViperGPT patch → image pixels)", () => {
  it("flips the vertical axis: a patch touching the bottom of the image ends at the last pixel row", () => {
    expect(patchToImagePixels({ left: 10, lower: 0, right: 50, upper: 100 }, IMAGE)).toEqual({ x0: 10, y0: 380, x1: 50, y1: 480 });
  });

  it("puts a patch at the top of the image (upper = height) at pixel row 0", () => {
    expect(patchToImagePixels({ left: 600, lower: 440, right: 640, upper: 480 }, IMAGE)).toEqual({ x0: 600, y0: 0, x1: 640, y1: 40 });
  });

  it("maps the whole-image patch to the whole image", () => {
    expect(patchToImagePixels({ left: 0, lower: 0, right: 640, upper: 480 }, IMAGE)).toEqual({ x0: 0, y0: 0, x1: 640, y1: 480 });
  });

  it("keeps fractional coordinates (crop arguments may be halves)", () => {
    expect(patchToImagePixels({ left: 0.5, lower: 10.25, right: 320.5, upper: 240.75 }, IMAGE)).toEqual({ x0: 0.5, y0: 239.25, x1: 320.5, y1: 469.75 });
  });

  it("clamps a patch that reaches outside the image", () => {
    expect(patchToImagePixels({ left: -20, lower: -5, right: 700, upper: 500 }, IMAGE)).toEqual({ x0: 0, y0: 0, x1: 640, y1: 480 });
  });

  it("orders swapped coordinates instead of drawing a negative box", () => {
    expect(patchToImagePixels({ left: 50, lower: 100, right: 10, upper: 0 }, IMAGE)).toEqual({ x0: 10, y0: 380, x1: 50, y1: 480 });
  });

  it("returns null for an empty patch or one entirely outside the image", () => {
    expect(patchToImagePixels({ left: 10, lower: 10, right: 10, upper: 20 }, IMAGE)).toBeNull();
    expect(patchToImagePixels({ left: 700, lower: 0, right: 800, upper: 10 }, IMAGE)).toBeNull();
  });
});

describe("foundBoxGroups", () => {
  const trace: TraceEntry[] = [
    call(0, "find", ["person"], [{ left: 0, lower: 0, right: 100, upper: 200 }, { left: 300, lower: 280, right: 400, upper: 480 }]),
    call(1, "exists", ["dog"], true),
    call(2, "crop", [0, 0, 320, 480], { left: 0, lower: 0, right: 320, upper: 480 }),
    call(3, "find", ["dog"], []),
    call(4, "find", ["car"], null),
  ];

  it("makes one group per find() call that returned, with its label, line and a colour of its own", () => {
    const groups = foundBoxGroups(trace, IMAGE);
    expect(groups.map((group) => [group.callIndex, group.label, group.line, group.boxes.length])).toEqual([
      [0, "person", 2, 2],
      [3, "dog", 5, 0],
    ]);
    expect(groups[0]!.color).not.toBe(groups[1]!.color);
  });

  it("draws every found patch in pixel coordinates", () => {
    expect(foundBoxGroups(trace, IMAGE)[0]!.boxes).toEqual([
      { x0: 0, y0: 280, x1: 100, y1: 480 },
      { x0: 300, y0: 0, x1: 400, y1: 200 },
    ]);
  });

  it("cycles through the palette when a program calls find() more often than there are colours", () => {
    const many = Array.from({ length: BOX_COLORS.length + 1 }, (_, index) => call(index, "find", [`thing ${index}`], []));
    const groups = foundBoxGroups(many, IMAGE);
    expect(new Set(groups.slice(0, BOX_COLORS.length).map((group) => group.color)).size).toBe(BOX_COLORS.length);
    expect(groups.at(-1)!.color).toBe(groups[0]!.color);
  });
});
