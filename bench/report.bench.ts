/**
 * Report benchmark: size and opening time of the HTML report of a 500-question evaluation in the worst
 * case (every question failed, each with a COCO photo thumbnail, program and trace), and the time to render
 * it. Records come from a real small evaluation, replicated (test/report/eval-fixtures.ts).
 *
 *   bash scripts/with-node.sh node --no-node-snapshot bench/run.ts report
 *
 * Needs Debian's chromium (apt-get install -y chromium) and the 80 coco-tiny val2017 photos (COCO_TINY,
 * default ../shared/data/coco-tiny).
 */
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { renderEvalReport } from "../src/report/index.ts";
import { runSmallEvaluation, worstCaseRecords } from "../test/report/eval-fixtures.ts";
import { launchHeadlessChromium } from "../test/report/headless-chromium.ts";
import type { BenchResult } from "./run.ts";

const QUESTIONS = 500;
const PHOTOS = join(process.env.COCO_TINY ?? resolve("../shared/data/coco-tiny"), "val2017");
const LOADS = 5;

/** Renders the worst-case report and opens it {@link LOADS} times in a fresh page, reporting the median load. */
export async function run(): Promise<BenchResult> {
  const folder = await mkdtemp(join(tmpdir(), "viper-report-bench-"));
  const browser = await launchHeadlessChromium();
  try {
    const small = await runSmallEvaluation(folder);
    const photos = (await readdir(PHOTOS)).filter((name) => name.endsWith(".jpg")).sort().map((name) => join(PHOTOS, name));
    const { records, traces, summary } = await worstCaseRecords(small, QUESTIONS, photos);
    const renderStart = performance.now();
    const html = await renderEvalReport({ summary, charts: small.charts, records, traces });
    const renderMs = performance.now() - renderStart;
    const file = join(folder, "report.html");
    await writeFile(file, html);
    const sizeMb = (await stat(file)).size / 1024 / 1024;
    const loads: number[] = [];
    for (let attempt = 0; attempt < LOADS; attempt++) {
      const page = await browser.newPage();
      await page.goto(`file://${file}`, { waitUntil: "load" });
      loads.push(Number(await page.evaluate(`performance.getEntriesByType("navigation")[0].loadEventEnd`)));
      await page.close();
    }
    loads.sort((a, b) => a - b);
    return {
      metrics: [
        { name: "report size, 500 failed questions", value: sizeMb, unit: "MB", targetMax: 20 },
        { name: "load event, median of 5 (Chromium headless)", value: loads[Math.floor(LOADS / 2)]!, unit: "ms", targetMax: 2000 },
        { name: "load event, slowest of 5", value: loads.at(-1)!, unit: "ms" },
        { name: "render time (Node, 80 distinct photos)", value: renderMs, unit: "ms" },
      ],
      notes: [
        "Worst case: every one of the 500 questions failed, so every one carries a 320 px JPEG thumbnail (quality 70) of a COCO photo, its program and its trace; 80 distinct photos cycle.",
        "Load time is the navigation entry's loadEventEnd in a fresh page of headless Chromium; thumbnails load lazily and failures after the first 20 are laid out when scrolled to (content-visibility).",
      ],
    };
  } finally {
    await browser.close();
    await rm(folder, { recursive: true, force: true });
  }
}
