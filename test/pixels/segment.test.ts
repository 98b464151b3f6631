import { describe, expect, it } from "vitest";
import { renderSvg, svgDocument } from "../../src/datasets/svg-render.ts";
import { segmentForeground } from "../../src/mllm/pixels/segment.ts";
import { solidImage } from "../fixtures/synthetic-images.ts";

const WHITE = { red: 255, green: 255, blue: 255 };
const render = (elements: string[]) => renderSvg(svgDocument({ widthPx: 200, heightPx: 120, background: WHITE, elements }));

describe("foreground segmentation", () => {
  it("finds nothing on a blank image", async () => {
    expect((await segmentForeground(solidImage({ widthPx: 50, heightPx: 40, red: 230, green: 230, blue: 230 }))).segments).toEqual([]);
  });

  it("drops specks smaller than the minimum area and keeps objects at it", async () => {
    const image = await render(['<rect x="20" y="20" width="3" height="3" fill="#000"/>', '<rect x="100" y="40" width="4" height="4" fill="#000"/>']);
    // 12 pixels is the floor whatever the fraction: the 3×3 speck (9) goes, the 4×4 square (16) stays.
    expect((await segmentForeground(image, { minAreaFraction: 0 })).segments).toHaveLength(1);
    expect((await segmentForeground(image)).segments).toHaveLength(1);
    expect((await segmentForeground(image, { minAreaFraction: 0.01 })).segments).toHaveLength(0);
  });

  it("measures area and box of anti-aliased shapes to within a pixel", async () => {
    const image = await render(['<circle cx="60.3" cy="50.6" r="20" fill="#1e50dc"/>']);
    const [circle] = (await segmentForeground(image)).segments;
    expect(circle!.area).toBeGreaterThan(Math.PI * 400 * 0.98);
    expect(circle!.area).toBeLessThan(Math.PI * 400 * 1.02);
    const exact = { x0: 40.3, y0: 30.6, x1: 80.3, y1: 70.6 };
    for (const side of ["x0", "y0", "x1", "y1"] as const) expect(Math.abs(circle!.box[side] - exact[side]), side).toBeLessThanOrEqual(1);
    expect(circle!.meanColor).toEqual({ red: 30, green: 80, blue: 220 });
  });

  it("keeps low-contrast objects (white on light gray, yellow on white) whole", async () => {
    const gray = await renderSvg(svgDocument({ widthPx: 100, heightPx: 100, background: { red: 196, green: 200, blue: 204 }, elements: ['<rect x="30" y="30" width="40" height="40" fill="#fff"/>'] }));
    expect((await segmentForeground(gray)).segments.map((segment) => segment.box)).toEqual([{ x0: 30, y0: 30, x1: 70, y1: 70 }]);
    const yellow = await render(['<circle cx="100" cy="60" r="25" fill="#f5d214"/>']);
    expect((await segmentForeground(yellow)).segments).toHaveLength(1);
  });

  it("merges shapes that touch into one blob (generators keep a margin for this reason)", async () => {
    const image = await render(['<rect x="20" y="20" width="40" height="40" fill="#d71e23"/>', '<rect x="60" y="20" width="40" height="40" fill="#2355d7"/>']);
    expect((await segmentForeground(image)).segments).toHaveLength(1);
  });
});
