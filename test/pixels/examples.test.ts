import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../../examples/example-catalog.ts";
import { renderCountingScene, renderShapesScene } from "../../scripts/generate-examples.ts";
import { sharedProgramChecker } from "../../src/agent/program-checker.ts";
import { encodePng, loadImage } from "../../src/tools/image-io.ts";
import { runProgramOnImage } from "../../src/tools/run-program-on-image.ts";
import { pixelPerception } from "../fixtures/pixel-perception.ts";

const EXAMPLES_FOLDER = join(import.meta.dirname, "..", "..", "examples");

describe("examples/", () => {
  it("has at least four programs covering counting, spatial relation, attribute and composition", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(4);
    expect(new Set(EXAMPLES.map((example) => example.kind))).toEqual(new Set(["counting", "spatial relation", "attribute", "composition"]));
  });

  for (const example of EXAMPLES) {
    it(`${example.program} type-checks and answers ${JSON.stringify(example.expected)} on ${example.image}`, async () => {
      const source = await readFile(join(EXAMPLES_FOLDER, example.program), "utf8");
      expect(sharedProgramChecker().diagnose(source)).toEqual([]);
      const image = await loadImage(join(EXAMPLES_FOLDER, "images", example.image));
      // Pixel analysis alone: the examples must not need any model.
      const run = await runProgramOnImage({ image, source, perception: pixelPerception() });
      expect(run.answer).toEqual(example.expected);
    });
  }

  it("commits exactly the images scripts/generate-examples.ts renders", async () => {
    expect(await readFile(join(EXAMPLES_FOLDER, "images", "shapes.png"))).toEqual(await encodePng(await renderShapesScene()));
    expect(await readFile(join(EXAMPLES_FOLDER, "images", "butterflies.png"))).toEqual(await encodePng(await renderCountingScene()));
  });
});
