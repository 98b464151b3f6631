/**
 * Makes docs/images/report-coco.png, the README's picture of a report: runs a program with YOLOX on a
 * COCO fixture photo, renders the report and screenshots it in headless Chromium.
 *   VIPER_MODELS_DIR=<folder with yolox_nano.onnx> bash scripts/with-node.sh node --no-node-snapshot test/report/readme-screenshot.ts
 */
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import sharp from "sharp";
import { renderRunReport } from "../../src/report/index.ts";
import { createPerception } from "../../src/tools/create-perception.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import { runProgramOnImage } from "../../src/tools/run-program-on-image.ts";
import { cocoPhotoPath } from "../fixtures/coco-photos.ts";
import { TEST_MODELS_DIR } from "../fixtures/test-requirements.ts";
import { launchHeadlessChromium } from "./headless-chromium.ts";

const PHOTO = cocoPhotoPath("000000184324.jpg");
const OUTPUT = resolve("docs/images/report-coco.png");
const QUESTION = "How many people are left of the bus?";
const PROGRAM = `async function execute_command(image: ImagePatch): Promise<Answer> {
  const buses = await image.find("bus");
  const bus = buses[0];
  if (bus === undefined) return 0;
  const people = await image.find("person");
  const leftOfBus = people.filter((person) => person.horizontal_center < bus.left);
  const bicycles = await image.find("bicycle");
  return leftOfBus.length;
}`;

const image = await loadImage(PHOTO);
const perception = await createPerception({ modelsDir: TEST_MODELS_DIR, detector: "yolox" });
let html: string;
try {
  const run = await runProgramOnImage({ image, source: PROGRAM, perception });
  console.log(`answer ${JSON.stringify(run.answer)}; ${run.trace.map((entry) => `${entry.tool}(${entry.args.join(", ")}) → ${entry.result}`).join("; ")}`);
  html = await renderRunReport({ image, question: QUESTION, program: PROGRAM, answer: run.answer, trace: run.trace, timings: run.timings });
} finally {
  await perception.dispose();
}
const page_file = join(tmpdir(), "viper-report-coco.html");
await writeFile(page_file, html);
const browser = await launchHeadlessChromium();
try {
  const page = await browser.newPage({ widthPx: 1200, heightPx: 1000 });
  await page.goto(`file://${page_file}`, { waitUntil: "load" });
  const screenshot = await page.screenshot({ fullPage: true });
  await mkdir(resolve("docs/images"), { recursive: true });
  // A 64-colour palette keeps the PNG small; the page is flat colours except for the photo.
  await sharp(screenshot).resize({ width: 1000 }).png({ palette: true, colours: 96, effort: 10 }).toFile(OUTPUT);
  console.log(`wrote ${OUTPUT} (report ${page_file})`);
} finally {
  await browser.close();
}
