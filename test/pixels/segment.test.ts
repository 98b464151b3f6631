import { describe, expect, it } from "vitest";
import { renderSvg, svgDocument } from "../../src/datasets/svg-render.ts";
import { segmentForeground } from "../../src/mllm/pixels/segment.ts";
import { boxIou } from "../fixtures/box-matching.ts";
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

  it("separates touching shapes of different colours, each with its own box and colour", async () => {
    const image = await render(['<rect x="20" y="20" width="40" height="40" fill="#d71e23"/>', '<rect x="60" y="20" width="40" height="40" fill="#2355d7"/>']);
    const segments = (await segmentForeground(image)).segments;
    expect(segments.map((segment) => segment.box)).toEqual([
      { x0: 20, y0: 20, x1: 60, y1: 60 },
      { x0: 60, y0: 20, x1: 100, y1: 60 },
    ]);
    expect(segments.map((segment) => segment.meanColor)).toEqual([
      { red: 215, green: 30, blue: 35 },
      { red: 35, green: 85, blue: 215 },
    ]);
  });

  it("separates an object from another of a different colour drawn over part of it", async () => {
    const image = await render(['<circle cx="70" cy="60" r="35" fill="#23a03c"/>', '<rect x="85" y="30" width="50" height="50" fill="#f5d214"/>']);
    const segments = (await segmentForeground(image)).segments;
    expect(segments.map((segment) => segment.meanColor).sort((a, b) => a.red - b.red)).toEqual([
      { red: 35, green: 160, blue: 60 },
      { red: 245, green: 210, blue: 20 },
    ]);
    const square = segments.find((segment) => segment.meanColor.red === 245)!;
    expect(square.box).toEqual({ x0: 85, y0: 30, x1: 135, y1: 80 });
  });

  it("separates same-coloured shapes that touch at a narrow neck (circles side by side, squares corner to corner)", async () => {
    const circles = await render(['<circle cx="60" cy="60" r="30" fill="#d71e23"/>', '<circle cx="119" cy="60" r="29" fill="#d71e23"/>']);
    const found = (await segmentForeground(circles)).segments.map((segment) => segment.box).sort((a, b) => a.x0 - b.x0);
    expect(found).toHaveLength(2);
    expect(boxIou(found[0]!, { x0: 30, y0: 30, x1: 90, y1: 90 })).toBeGreaterThan(0.95);
    expect(boxIou(found[1]!, { x0: 90, y0: 31, x1: 148, y1: 89 })).toBeGreaterThan(0.95);
    const squares = await render(['<rect x="30" y="20" width="40" height="40" fill="#2355d7" transform="rotate(45 50 40)"/>', '<rect x="86.6" y="20" width="40" height="40" fill="#2355d7" transform="rotate(45 106.6 40)"/>']);
    expect((await segmentForeground(squares)).segments).toHaveLength(2);
  });

  it("keeps one object whole where its own parts meet at a wide neck (two overlapping discs)", async () => {
    const image = await render(['<circle cx="80" cy="60" r="30" fill="#d71e23"/>', '<circle cx="110" cy="60" r="30" fill="#d71e23"/>']);
    expect((await segmentForeground(image)).segments).toHaveLength(1);
  });

  it("leaves out a thin sliver wedged against a much thicker object, but keeps a thin object standing alone", async () => {
    const wedged = await render(['<circle cx="70" cy="60" r="40" fill="#2355d7"/>', '<rect x="110" y="50" width="30" height="4" fill="#d71e23"/>']);
    expect((await segmentForeground(wedged)).segments.map((segment) => segment.box)).toEqual([{ x0: 30, y0: 20, x1: 110, y1: 100 }]);
    const alone = await render(['<rect x="110" y="50" width="30" height="4" fill="#d71e23"/>']);
    expect((await segmentForeground(alone)).segments).toHaveLength(1);
  });
});
