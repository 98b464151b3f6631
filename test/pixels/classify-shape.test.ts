import { describe, expect, it } from "vitest";
import { COUNT_CATEGORIES, iconSvg } from "../../src/datasets/count-icons.ts";
import { shapeSvg, SCENE_SHAPES } from "../../src/datasets/shape-geometry.ts";
import { renderSvg, svgDocument } from "../../src/datasets/svg-render.ts";
import { analyzeObjects } from "../../src/mllm/pixels/scene-objects.ts";

const WHITE = { red: 255, green: 255, blue: 255 };

async function shapesOf(elements: string[]): Promise<string[]> {
  const image = await renderSvg(svgDocument({ widthPx: 120, heightPx: 120, background: WHITE, elements }));
  return (await analyzeObjects(image)).map((object) => object.shape);
}

describe("shape naming", () => {
  for (const shape of SCENE_SHAPES) {
    it(`names a ${shape} at every rotation, small and large`, async () => {
      for (const sizePx of [30, 38, 70]) {
        for (let rotationDegrees = 0; rotationDegrees < 360; rotationDegrees += 7) {
          const named = await shapesOf([shapeSvg({ shape, centerX: 60, centerY: 60, sizePx, rotationDegrees }, "#2255dd")]);
          expect(named, `${shape} size ${sizePx} rotated ${rotationDegrees}°`).toEqual([shape]);
        }
      }
    });
  }

  it('calls ellipses, half discs, crosses and rings "other"', async () => {
    expect(await shapesOf(['<ellipse cx="60" cy="60" rx="40" ry="22" fill="#d02020"/>'])).toEqual(["other"]);
    expect(await shapesOf(['<path d="M 20 60 A 40 40 0 0 1 100 60 Z" fill="#d02020"/>'])).toEqual(["other"]);
    expect(await shapesOf(['<path d="M 50 20 H 70 V 50 H 100 V 70 H 70 V 100 H 50 V 70 H 20 V 50 H 50 Z" fill="#d02020"/>'])).toEqual(["other"]);
    expect(await shapesOf(['<circle cx="60" cy="60" r="35" fill="none" stroke="#d02020" stroke-width="10"/>'])).toEqual(["other"]);
  });

  it("does not take the counting icons (apple, person, butterfly) for stars or circles", async () => {
    for (const category of COUNT_CATEGORIES.filter((name) => !["squares", "triangles"].includes(name))) {
      for (let rotationDegrees = -45; rotationDegrees <= 45; rotationDegrees += 15) {
        const named = await shapesOf([iconSvg({ category, centerX: 60, centerY: 60, radiusPx: 45, rotationDegrees, fill: "#228833" })]);
        expect(named, `${category} rotated ${rotationDegrees}°`).toEqual(["other"]);
      }
    }
  });
});
