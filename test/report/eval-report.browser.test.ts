import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TraceEntry } from "../../sandbox/index.ts";
import { createAgent, createRulePlanner } from "../../src/agent/index.ts";
import { generateComposeScene } from "../../src/datasets/index.ts";
import { createAgentAnswerer } from "../../src/eval/answerers/agent-answerer.ts";
import type { EvalRecord } from "../../src/eval/eval-record.ts";
import { evaluateSuite, type SuiteEvaluation } from "../../src/eval/evaluate-suite.ts";
import { evalOutputPaths } from "../../src/eval/output-paths.ts";
import { summarizeRecords } from "../../src/eval/summarize.ts";
import { loadSuite } from "../../src/eval/suites/index.ts";
import { recordTraces, renderEvalReport } from "../../src/report/index.ts";
import { createPerception } from "../../src/tools/create-perception.ts";
import { loadImage } from "../../src/tools/image-io.ts";
import { launchHeadlessChromium, type HeadlessChromium } from "./headless-chromium.ts";
import { foundPatchCount, screenshotFolder, writeScenePng } from "./report-fixtures.ts";

const COCO_VAL = resolve("../shared/data/coco-tiny/val2017");

let browser: HeadlessChromium;
let workFolder: string;
let evaluation: SuiteEvaluation;
let traces: Map<string, readonly TraceEntry[]>;
let charts: string[];

/**
 * A real evaluation of the rule planner with pixel perception on generated scenes. Each scene gets a
 * counting question with its true answer, the same question with a deliberately wrong answer key (so
 * the report has wrong answers to show) and a question no rule covers (so it has errors).
 */
beforeAll(async () => {
  browser = await launchHeadlessChromium();
  workFolder = await mkdtemp(join(tmpdir(), "viper-eval-report-"));
  const lines: string[] = [];
  for (const seed of [3, 5, 8]) {
    const scene = await generateComposeScene({ seed, minObjects: 3, maxObjects: 6 });
    const image = await writeScenePng(workFolder, scene);
    const circles = scene.objects.filter((object) => object.shape === "circle").length;
    lines.push(JSON.stringify({ id: `${seed}-count`, image, question: "How many circles are there?", answer: circles }));
    lines.push(JSON.stringify({ id: `${seed}-wrong-key`, image, question: "How many circles are there?", answer: circles + 1 }));
    lines.push(JSON.stringify({ id: `${seed}-unsupported`, image, question: "Why would anyone draw these shapes?", answer: "art" }));
  }
  const questionsPath = join(workFolder, "questions.jsonl");
  await writeFile(questionsPath, `${lines.join("\n")}\n`);
  const suite = await loadSuite("questions", { questionsPath });
  const perception = createPerception({ detector: "pixels" });
  const recorder = recordTraces(createAgentAnswerer({ agent: createAgent({ planner: createRulePlanner(), perception, cache: false }), dispose: () => perception.dispose() }));
  try {
    evaluation = await evaluateSuite({ suite, answerer: recorder.answerer, paths: evalOutputPaths({ outDir: join(workFolder, "results") }), concurrency: 2 });
  } finally {
    await recorder.answerer.dispose();
  }
  traces = recorder.traces(suite.questions);
  charts = await Promise.all(evaluation.charts.map(async (path) => (await import("node:fs/promises")).readFile(path, "utf8")));
});

afterAll(async () => {
  await browser?.close();
  if (workFolder !== undefined) await rm(workFolder, { recursive: true, force: true });
});

describe("evaluation report in headless Chromium", () => {
  it("shows the summary and charts, then every failed question with its picture, boxes, program and trace, then the correct ones", async () => {
    const { records, summary } = { records: evaluation.run.records, summary: evaluation.summary };
    const failed = records.filter((record) => !record.correct);
    expect(failed.some((record) => record.error !== null)).toBe(true);
    expect(failed.some((record) => record.error === null)).toBe(true);

    const html = await renderEvalReport({ summary, charts, records, traces });
    const file = join(await screenshotFolder(), "eval-report.html");
    await writeFile(file, html);
    const page = await browser.newPage();
    await page.goto(`file://${file}`, { waitUntil: "load" });
    await page.screenshot({ path: join(await screenshotFolder(), "eval-report.png"), fullPage: true });

    expect(await page.textContent("[data-testid=overall]")).toContain(`${summary.overall.correct} of ${summary.overall.total} correct`);
    expect(await page.locator(".charts img").count()).toBe(charts.length);
    const articles = page.locator("article.failure");
    expect(await articles.count()).toBe(failed.length);
    // Failed questions come before the correct ones.
    expect((await page.locator("#failed").boundingBox())!.y).toBeLessThan((await page.locator("#passed").boundingBox())!.y);
    for (const record of failed) {
      const article = page.locator(`article.failure[data-id="${record.id}"]`);
      expect(await article.locator("figure.scene img").count()).toBe(1);
      expect(await article.locator("rect.box").count()).toBe(foundPatchCount(traces.get(record.id) ?? []));
      expect(await article.locator("tr.trace-entry").count()).toBe((traces.get(record.id) ?? []).length);
      if (record.program !== null) expect(await article.locator("table.program").textContent()).toContain("execute_command");
      if (record.error !== null) expect(await article.textContent()).toContain(record.error.code);
    }
    expect(await page.locator("#passed tbody tr").count()).toBe(records.length - failed.length);
    expect(await page.locator("#passed img").count()).toBe(0);
    await page.close();
  });

  it("a 500-question evaluation where every question failed stays under 20 MB and loads in under 2 s", async () => {
    // Worst case for size: the real records above replicated to 500, every one failed and every one on a
    // real COCO photo (photos compress far worse than the flat generated scenes).
    const photos = (await readdir(COCO_VAL)).filter((name) => name.endsWith(".jpg")).sort();
    const real = evaluation.run.records;
    const records: EvalRecord[] = Array.from({ length: 500 }, (_, index) => {
      const source = real[index % real.length]!;
      return { ...source, id: `${source.id}-${index}`, correct: false, image: join(COCO_VAL, photos[index % photos.length]!) };
    });
    const bigTraces = new Map(records.map((record, index) => [record.id, traces.get(real[index % real.length]!.id) ?? []]));
    const summary = summarizeRecords({ suite: "questions", approach: evaluation.summary.approach, records, answeredNow: 500, elapsedMs: 60_000, concurrency: 2 });
    const html = await renderEvalReport({ summary, charts, records, traces: bigTraces, loadRecordImage: (record) => loadImage(record.image!) });
    const file = join(await screenshotFolder(), "eval-report-500.html");
    await writeFile(file, html);
    const sizeMb = (await stat(file)).size / 1024 / 1024;
    expect(sizeMb).toBeLessThan(20);

    const page = await browser.newPage();
    await page.goto(`file://${file}`, { waitUntil: "load" });
    const loadMs = Number(await page.evaluate(`performance.getEntriesByType("navigation")[0].loadEventEnd`));
    console.log(`500-question evaluation report: ${sizeMb.toFixed(2)} MB, load event after ${Math.round(loadMs)} ms`);
    expect(loadMs).toBeLessThan(2000);
    expect(await page.locator("article.failure").count()).toBe(500);
    await page.close();
  }, 120_000);
});
