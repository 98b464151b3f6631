/**
 * Renders the example images into examples/images/ and writes the examples/README.md table, both from
 * examples/example-catalog.ts. Deterministic: rerunning gives the same bytes.
 * Run: bash scripts/with-node.sh node scripts/generate-examples.ts
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { COUNTING_SCENE, EXAMPLES, SHAPES_SCENE } from "../examples/example-catalog.ts";
import { generateCountScene } from "../src/datasets/count-scene.ts";
import { shapeSceneSvg } from "../src/datasets/shape-scene-svg.ts";
import { renderSvg } from "../src/datasets/svg-render.ts";
import type { RgbImage } from "../src/mllm/rgb-image.ts";
import { encodePng } from "../src/tools/image-io.ts";

const EXAMPLES_FOLDER = join(import.meta.dirname, "..", "examples");

/** Renders the hand-placed shapes scene. */
export async function renderShapesScene(): Promise<RgbImage> {
  const { widthPx, heightPx, sizePx, shapes } = SHAPES_SCENE;
  const placed = shapes.map((item) => ({ shape: item.shape, color: item.color, centerX: item.x, centerY: item.y, sizePx: sizePx[item.size], rotationDegrees: item.rotationDegrees ?? 0 }));
  return renderSvg(shapeSceneSvg({ widthPx, heightPx, background: { red: 255, green: 255, blue: 255 }, shapes: placed }));
}

/** Renders the counting image. */
export async function renderCountingScene(): Promise<RgbImage> {
  const { seed, category, count, sizePx } = COUNTING_SCENE;
  return (await generateCountScene({ seed, category, count, sizePx })).image;
}

function readme(): string {
  const rows = EXAMPLES.map((example) => `| ${example.kind} | ${example.question} | \`npx viper run examples/images/${example.image} examples/${example.program}\` | \`${example.expected}\` |`);
  return [
    "# Examples",
    "",
    "ViperGPT-style programs (`async function execute_command(image: ImagePatch): Promise<Answer>`, typed by",
    "`src/tools/api/image-patch.api.d.ts`) and the images they run on. The images are plain-background scenes,",
    "so pixel analysis answers every call; no model is needed.",
    "",
    "| Task | Question | Command | Expected answer |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    "The images are generated, not drawn by hand: `bash scripts/with-node.sh node scripts/generate-examples.ts`",
    "renders them (and this table) from `examples/example-catalog.ts`, where the expected answers are worked out",
    "from the scene description. `test/pixels/examples.test.ts` runs every program in the sandbox and checks",
    "the answer, and checks that the committed images match what the script renders.",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  await mkdir(join(EXAMPLES_FOLDER, "images"), { recursive: true });
  await writeFile(join(EXAMPLES_FOLDER, "images", SHAPES_SCENE.file), await encodePng(await renderShapesScene()));
  await writeFile(join(EXAMPLES_FOLDER, "images", COUNTING_SCENE.file), await encodePng(await renderCountingScene()));
  await writeFile(join(EXAMPLES_FOLDER, "README.md"), readme());
  console.log(`Wrote ${EXAMPLES.length} examples' images and README to ${EXAMPLES_FOLDER}`);
}

if (import.meta.main) await main();
