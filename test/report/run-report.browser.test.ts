import { stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ComposeScene } from "../../src/datasets/index.ts";
import { renderRunReport } from "../../src/report/index.ts";
import { boxIou } from "../fixtures/box-matching.ts";
import { chromiumRequirement, describeRequiring } from "../fixtures/test-requirements.ts";
import { launchHeadlessChromium, type HeadlessChromium } from "./headless-chromium.ts";

const CHROMIUM = chromiumRequirement();
import { foundPatchCount, renderedBoxes, runOnScene, sceneWithShapes, screenshotFolder } from "./report-fixtures.ts";

const FINDING_PROGRAM = `async function execute_command(image: ImagePatch): Promise<Answer> {
  const shapes = await image.find("shape");
  const circles = await image.find("circle");
  const leftHalf = image.crop(0, 0, image.width / 2, image.height);
  const rectangles = await leftHalf.find("rectangle");
  return \`\${shapes.length} shapes, \${circles.length} circle, \${rectangles.length} on the left <script>\`;
}`;

const HANGING_PROGRAM = `async function execute_command(image: ImagePatch): Promise<Answer> {
  const shapes = await image.find("shape");
  for (;;) {} // still running when the wall-clock limit (700 ms, under the 2 s CPU budget) stops it
  return shapes.length;
}`;

const THROWING_PROGRAM = `async function execute_command(image: ImagePatch): Promise<Answer> {
  const circles = await image.find("circle");
  const missing = circles[99]!;
  return missing.left;
}`;

let browser: HeadlessChromium;
let scene: ComposeScene;

beforeAll(async () => {
  browser = await launchHeadlessChromium();
  scene = await sceneWithShapes();
});
afterAll(async () => browser?.close());

/** Opens a report in the browser and saves a screenshot of the whole page. */
async function openReport(html: string, name: string): Promise<Page> {
  const folder = await screenshotFolder();
  const file = join(folder, `${name}.html`);
  await writeFile(file, html);
  const page = await browser.newPage();
  await page.goto(`file://${file}`, { waitUntil: "load" });
  const screenshot = join(folder, `${name}.png`);
  await page.screenshot({ path: screenshot, fullPage: true });
  expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
  return page;
}

describeRequiring([CHROMIUM], "run report in headless Chromium", () => {
  it("shows the answer, the program and one box per found object, on the objects", async () => {
    const { run } = await runOnScene(scene, FINDING_PROGRAM);
    const html = await renderRunReport({ image: scene.image, question: "How many shapes?", program: FINDING_PROGRAM, answer: run!.answer, trace: run!.trace, timings: run!.timings });
    const page = await openReport(html, "run-report");

    expect(await page.textContent("[data-testid=answer]")).toBe(run!.answer);
    expect(await page.textContent("[data-testid=answer]")).toContain("<script>");
    expect(await page.locator("script").count()).toBe(0);
    const programText = await page.$$eval("table.program td.code", (cells) => cells.map((cell) => cell.textContent).join("\n"));
    expect(programText).toBe(FINDING_PROGRAM);

    const boxes = await renderedBoxes(page);
    expect(boxes.length).toBe(foundPatchCount(run!.trace));
    const shapes = boxes.filter((box) => box.label === "shape");
    expect(shapes.length).toBe(scene.objects.length);
    for (const object of scene.objects) {
      // Every object of the scene graph has a drawn box on it (the overlay is measured as laid out).
      expect(Math.max(...shapes.map((box) => boxIou(box, object.box)))).toBeGreaterThan(0.8);
    }
    const circles = boxes.filter((box) => box.label === "circle");
    expect(circles.length).toBe(scene.objects.filter((object) => object.shape === "circle").length);
    const rectangles = boxes.filter((box) => box.label === "rectangle");
    expect(rectangles.every((box) => box.x1 <= scene.width / 2 + 1)).toBe(true);

    expect(await page.locator(".legend li").count()).toBe(3);
    expect(await page.locator("tr.trace-entry").count()).toBe(run!.trace.length);
    // Crops section: the crop() call plus one thumbnail per found patch.
    expect(await page.locator("#crops figure.crop img").count()).toBe(1 + boxes.length);
    await page.close();
  });

  it("shows the warnings of an answer that rests on a find that found nothing, next to the answer", async () => {
    const absent = ["star", "triangle", "circle", "square", "rectangle"].find((shape) => !scene.objects.some((object) => object.shape === shape))!;
    const source = `async function execute_command(image: ImagePatch): Promise<Answer> {\n  const shapes = await image.find("shape");\n  return bool_to_yesno(await image.exists("${absent}"));\n}`;
    const { run } = await runOnScene(scene, source);
    expect(run!.answer).toBe("no");
    expect(run!.warnings).toHaveLength(1);
    const html = await renderRunReport({ image: scene.image, program: source, answer: run!.answer, trace: run!.trace, timings: run!.timings, warnings: run!.warnings });
    const page = await openReport(html, "run-report-warnings");

    const warning = page.locator("[data-testid=warnings] li.warning");
    expect(await warning.count()).toBe(1);
    expect(await warning.isVisible()).toBe(true);
    expect(await warning.getAttribute("data-code")).toBe("EMPTY_EVIDENCE");
    expect(await warning.textContent()).toBe(`EMPTY_EVIDENCE line 3: ${run!.warnings[0]!.message}`);
    // The warning sits with the answer, above the program.
    const answerBottom = (await page.locator("[data-testid=answer]").boundingBox())!;
    expect((await warning.boundingBox())!.y).toBeGreaterThan(answerBottom.y);
    expect(await page.textContent("[data-testid=answer]")).toBe("no");

    const clean = await renderRunReport({ image: scene.image, program: FINDING_PROGRAM, answer: "6", trace: [], warnings: [] });
    expect(clean).not.toContain('data-testid="warnings"');
    await page.close();
  });

  it("a run stopped by the wall-clock limit shows SANDBOX_TIMEOUT and the calls made before it", async () => {
    const { error } = await runOnScene(scene, HANGING_PROGRAM, { wallTimeoutMs: 700 });
    const html = await renderRunReport({ image: scene.image, program: HANGING_PROGRAM, error });
    const page = await openReport(html, "run-report-timeout");

    expect(await page.textContent("[data-testid=error-code]")).toBe("SANDBOX_TIMEOUT");
    expect(await page.textContent(".error-message")).toContain("700 ms");
    expect(await page.locator("[data-testid=answer]").count()).toBe(0);
    const rows = page.locator("tr.trace-entry");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute("data-tool")).toBe("find");
    expect(await page.locator("rect.box").count()).toBe(scene.objects.length);
    await page.close();
  });

  it("a program that threw shows PROGRAM_RUNTIME, highlights its line and keeps the partial trace", async () => {
    const { error } = await runOnScene(scene, THROWING_PROGRAM);
    const html = await renderRunReport({ image: scene.image, program: THROWING_PROGRAM, error });
    const page = await openReport(html, "run-report-runtime-error");

    expect(await page.textContent("[data-testid=error-code]")).toBe("PROGRAM_RUNTIME");
    expect(await page.locator("tr.error-line").getAttribute("data-line")).toBe("4");
    expect(await page.locator("tr.trace-entry").count()).toBe(1);
    expect(await page.locator("tr[data-line='2'] .call").textContent()).toContain('find("circle")');
    await page.close();
  });
});
