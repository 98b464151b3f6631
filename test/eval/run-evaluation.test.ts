import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ViperError } from "../../src/errors/index.ts";
import type { EvalQuestion } from "../../src/eval/eval-question.ts";
import type { EvalRecord } from "../../src/eval/eval-record.ts";
import { openResultsFile } from "../../src/eval/results-file.ts";
import { runEvaluation } from "../../src/eval/run-evaluation.ts";
import { readJsonLines } from "../fixtures/json-lines.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { createFakeAnswerer } from "./fake-answerer.ts";

/** Questions about tiny in-memory images; three questions share each image. */
function makeQuestions(count: number, loads: string[] = []): EvalQuestion[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `q${index}`,
    family: index % 2 === 0 ? "count" : "exist",
    question: `question ${index}`,
    expected: index % 2 === 0 ? index % 10 : "yes",
    ...(index % 2 === 0 ? { groundTruthCount: index % 10 } : {}),
    imageKey: `image-${Math.floor(index / 3)}`,
    loadImage: async () => {
      loads.push(`image-${Math.floor(index / 3)}`);
      return { width: 2, height: 2, data: new Uint8Array(12) };
    },
  }));
}

const rightAnswer = (question: string): unknown => {
  const index = Number(question.split(" ")[1]);
  return index % 2 === 0 ? index % 10 : "Yes.";
};

const readRecords = (path: string) => readJsonLines<EvalRecord>(path);

const folder = useTemporaryFolder({ prefix: "viper-eval-", per: "test" });

describe("runEvaluation", () => {
  it("records every question once with its answer, score, program, trace summary and timings", async () => {
    const loads: string[] = [];
    const questions = makeQuestions(9, loads);
    const results = await openResultsFile(join(folder(), "results.jsonl"));
    const run = await runEvaluation({ questions, answerer: createFakeAnswerer({ reply: ({ question }) => rightAnswer(question) }), results, concurrency: 3 });
    await results.close();
    expect(run).toMatchObject({ answeredNow: 9, resumed: 0, interrupted: false });
    expect(run.records.map((record) => record.id)).toEqual(questions.map((question) => question.id));
    const written = await readRecords(join(folder(), "results.jsonl"));
    expect(written.map((record) => record.id).sort()).toEqual(questions.map((question) => question.id).sort());
    expect(written.every((record) => record.correct)).toBe(true);
    expect(written[0]).toMatchObject({ trace: { toolCalls: 3, tools: ["find", "exists"] }, error: null, fallback: false });
    expect(written[0]!.program).toContain("execute_command");
    expect(written[0]!.timings.totalMs).toBeGreaterThanOrEqual(0);
    // Each image is loaded once for the three questions about it.
    expect(loads.sort()).toEqual(["image-0", "image-1", "image-2"]);
  });

  it("records a failing question with its error code and goes on with the others", async () => {
    const questions = makeQuestions(6);
    const answerer = createFakeAnswerer({
      reply: ({ question }) => {
        if (question === "question 2") throw new ViperError({ code: "PLANNER_UNSUPPORTED", message: "no rule for this question" });
        if (question === "question 4") throw new TypeError("a bug in a back-end");
        return rightAnswer(question);
      },
    });
    const results = await openResultsFile(join(folder(), "results.jsonl"));
    const run = await runEvaluation({ questions, answerer, results });
    await results.close();
    expect(run.records).toHaveLength(6);
    const byId = new Map(run.records.map((record) => [record.id, record]));
    expect(byId.get("q2")).toMatchObject({ correct: false, answer: null, error: { code: "PLANNER_UNSUPPORTED", message: "no rule for this question" } });
    expect(byId.get("q4")).toMatchObject({ correct: false, error: { code: "INTERNAL", message: "a bug in a back-end" } });
    expect(run.records.filter((record) => record.correct)).toHaveLength(4);
  });

  it("stops at a set-up error (a model that cannot be had) instead of recording it for every question", async () => {
    const questions = makeQuestions(40);
    const answerer = createFakeAnswerer({
      reply: ({ question }) => {
        if (question === "question 5") throw new ViperError({ code: "MODEL_DOWNLOAD", message: "cannot download yolox-nano" });
        return rightAnswer(question);
      },
    });
    const path = join(folder(), "results.jsonl");
    const results = await openResultsFile(path);
    const failure = await runEvaluation({ questions, answerer, results, concurrency: 2 }).catch((error: unknown) => error);
    await results.close();
    expect(ViperError.hasCode(failure, "MODEL_DOWNLOAD")).toBe(true);
    const recorded = await readRecords(path);
    expect(recorded.map((record) => record.id)).not.toContain("q5");
    expect(recorded.length).toBeLessThan(10);
    expect(answerer.asked.length).toBeLessThan(10);
  });

  it("records a picture that cannot be loaded as a failed question for each question about it", async () => {
    const questions = makeQuestions(6).map((question) =>
      question.imageKey === "image-1"
        ? { ...question, loadImage: () => Promise.reject(new ViperError({ code: "IMAGE_INVALID", message: "not an image" })) }
        : question,
    );
    const results = await openResultsFile(join(folder(), "results.jsonl"));
    const run = await runEvaluation({ questions, answerer: createFakeAnswerer({ reply: ({ question }) => rightAnswer(question) }), results });
    await results.close();
    expect(run.records.filter((record) => record.error?.code === "IMAGE_INVALID").map((record) => record.id)).toEqual(["q3", "q4", "q5"]);
  });

  it("resumes an interrupted run without repeating or losing a question", async () => {
    const questions = makeQuestions(30);
    const path = join(folder(), "results.jsonl");
    const controller = new AbortController();
    const first = createFakeAnswerer({ reply: ({ question }) => rightAnswer(question), delayMs: 5 });
    let recorded = 0;
    const firstResults = await openResultsFile(path);
    const interrupted = await runEvaluation({
      questions,
      answerer: first,
      results: firstResults,
      concurrency: 4,
      signal: controller.signal,
      onRecord: () => {
        if (++recorded === 7) controller.abort();
      },
    });
    await firstResults.close();
    expect(interrupted.interrupted).toBe(true);
    const afterInterrupt = await readRecords(path);
    expect(afterInterrupt.length).toBeGreaterThanOrEqual(7);
    expect(afterInterrupt.length).toBeLessThan(30);

    const second = createFakeAnswerer({ reply: ({ question }) => rightAnswer(question) });
    const secondResults = await openResultsFile(path);
    const resumed = await runEvaluation({ questions, answerer: second, results: secondResults, concurrency: 4 });
    await secondResults.close();
    expect(resumed).toMatchObject({ interrupted: false, resumed: afterInterrupt.length, answeredNow: 30 - afterInterrupt.length });
    const recordedIds = (await readRecords(path)).map((record) => record.id);
    expect(new Set(recordedIds).size).toBe(recordedIds.length);
    expect(recordedIds.sort()).toEqual(questions.map((question) => question.id).sort());
    // The second run asked only the questions the first one had not recorded.
    const doneFirst = new Set(afterInterrupt.map((record) => record.question));
    expect(second.asked.some((question) => doneFirst.has(question))).toBe(false);
  });

  it("drops a last line cut short by a crash, so that question runs again", async () => {
    const path = join(folder(), "results.jsonl");
    const questions = makeQuestions(3);
    const complete = { id: "q0", family: "count", question: "question 0", expected: 0, groundTruthCount: 0, image: null, answer: 0, correct: true, program: null, trace: { toolCalls: 0, tools: [] }, timings: {}, error: null, fallback: false };
    await writeFile(path, `${JSON.stringify(complete)}\n{"id":"q1","fam`);
    const results = await openResultsFile(path);
    expect([...results.previous.keys()]).toEqual(["q0"]);
    const answerer = createFakeAnswerer({ reply: ({ question }) => rightAnswer(question) });
    await runEvaluation({ questions, answerer, results });
    await results.close();
    expect(answerer.asked.sort()).toEqual(["question 1", "question 2"]);
    expect((await readRecords(path)).map((record) => record.id).sort()).toEqual(["q0", "q1", "q2"]);
  });

  it("rejects a results file with a line that is not a record, naming the line", async () => {
    const path = join(folder(), "results.jsonl");
    await writeFile(path, `{"id":"q0","correct":true}\nnot json\n`);
    const failure = await openResultsFile(path).catch((error: unknown) => error);
    expect(ViperError.hasCode(failure, "EVAL_INPUT")).toBe(true);
    expect((failure as Error).message).toContain("line 2");
  });

  it("rejects a concurrency that is not a whole number ≥ 1", async () => {
    const results = await openResultsFile(join(folder(), "results.jsonl"));
    const failure = await runEvaluation({ questions: makeQuestions(1), answerer: createFakeAnswerer({ reply: () => 1 }), results, concurrency: 0 }).catch((error: unknown) => error);
    await results.close();
    expect(ViperError.hasCode(failure, "CONFIG_INVALID")).toBe(true);
    expect((failure as Error).message).toContain("--concurrency");
  });
});
