import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TraceEntry } from "../../sandbox/index.ts";
import { createAgent, createRulePlanner } from "../../src/agent/index.ts";
import { generateComposeScene } from "../../src/datasets/index.ts";
import { createAgentAnswerer } from "../../src/eval/answerers/agent-answerer.ts";
import type { EvalRecord } from "../../src/eval/eval-record.ts";
import { evaluateSuite, type SuiteEvaluation } from "../../src/eval/evaluate-suite.ts";
import { evalOutputPaths } from "../../src/eval/output-paths.ts";
import { summarizeRecords, type EvalSummary } from "../../src/eval/summarize.ts";
import { loadSuite } from "../../src/eval/suites/index.ts";
import { recordTraces } from "../../src/report/index.ts";
import { createPerception } from "../../src/tools/create-perception.ts";
import { COCO_FIXTURE_PHOTOS, cocoPhotoPath } from "../fixtures/coco-photos.ts";
import { writeScenePng } from "./report-fixtures.ts";


/** A real evaluation with the whole traces the report shows and the chart SVGs it embeds. */
export interface SmallEvaluation {
  readonly evaluation: SuiteEvaluation;
  readonly traces: Map<string, readonly TraceEntry[]>;
  readonly charts: string[];
}

/**
 * A real evaluation of the rule planner with pixel perception on generated scenes, written in `folder`.
 * Each scene gets a counting question with its true answer, the same question with a deliberately wrong
 * answer key (so there are wrong answers to show) and a question no rule covers (so there are errors).
 */
export async function runSmallEvaluation(folder: string): Promise<SmallEvaluation> {
  const lines: string[] = [];
  for (const seed of [3, 5, 8]) {
    const scene = await generateComposeScene({ seed, minObjects: 3, maxObjects: 6 });
    const image = await writeScenePng(folder, scene);
    const circles = scene.objects.filter((object) => object.shape === "circle").length;
    lines.push(JSON.stringify({ id: `${seed}-count`, image, question: "How many circles are there?", answer: circles }));
    lines.push(JSON.stringify({ id: `${seed}-wrong-key`, image, question: "How many circles are there?", answer: circles + 1 }));
    lines.push(JSON.stringify({ id: `${seed}-unsupported`, image, question: "Why would anyone draw these shapes?", answer: "art" }));
  }
  const questionsPath = join(folder, "questions.jsonl");
  await writeFile(questionsPath, `${lines.join("\n")}\n`);
  const suite = await loadSuite("questions", { questionsPath });
  const perception = await createPerception({ detector: "pixels" });
  const agent = createAgent({ planner: createRulePlanner(), perception, cache: false });
  const recorder = recordTraces(createAgentAnswerer({ agent, dispose: () => perception.dispose() }));
  let evaluation: SuiteEvaluation;
  try {
    evaluation = await evaluateSuite({ suite, answerer: recorder.answerer, paths: evalOutputPaths({ outDir: join(folder, "results") }), concurrency: 2 });
  } finally {
    await recorder.answerer.dispose();
  }
  const charts = await Promise.all(evaluation.charts.map((path) => readFile(path, "utf8")));
  return { evaluation, traces: recorder.traces(suite.questions), charts };
}

/**
 * The worst case for a report's size: `count` records replicated from a real evaluation, every one failed
 * and every one on a real COCO photo (photos compress far worse than the flat generated scenes), cycling
 * through `photos`.
 * @defaultValue photos: the COCO fixture photos in the checkout
 */
export async function worstCaseRecords(small: SmallEvaluation, count: number, photos: readonly string[] = COCO_FIXTURE_PHOTOS.map(cocoPhotoPath)): Promise<{ records: EvalRecord[]; traces: Map<string, readonly TraceEntry[]>; summary: EvalSummary }> {
  const real = small.evaluation.run.records;
  const records: EvalRecord[] = Array.from({ length: count }, (_, index) => {
    const source = real[index % real.length]!;
    return { ...source, id: `${source.id}-${index}`, correct: false, image: photos[index % photos.length]! };
  });
  const traces = new Map(records.map((record, index) => [record.id, small.traces.get(real[index % real.length]!.id) ?? []]));
  const summary = summarizeRecords({ suite: "questions", approach: small.evaluation.summary.approach, records, answeredNow: count, elapsedMs: 60_000, concurrency: 2 });
  return { records, traces, summary };
}
