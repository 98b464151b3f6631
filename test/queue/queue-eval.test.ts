import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, expect, it } from "vitest";
import { generateComposeScene } from "../../src/datasets/compose-scene.ts";
import type { EvalRecord } from "../../src/eval/eval-record.ts";
import { evaluateSuite } from "../../src/eval/evaluate-suite.ts";
import { evalOutputPaths } from "../../src/eval/output-paths.ts";
import { loadSuite } from "../../src/eval/suites/index.ts";
import { createQueueQuestionRunner, openRedisLink, QUEUE_NAME } from "../../src/queue/index.ts";
import { encodePng } from "../../src/tools/image-io.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { readJsonLines } from "../fixtures/json-lines.ts";
import { describeRequiring, redisServerRequirement } from "../fixtures/test-requirements.ts";
import { useRedisServer, type RedisFixture } from "../fixtures/use-redis-server.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { startInProcessWorker, waitFor, type InProcessWorker } from "./support.ts";

// Started inside the describe, so a machine without redis-server skips the file instead of failing it.
let redis: RedisFixture;
const folder = useTemporaryFolder({ prefix: "viper-queue-eval-", per: "test" });
const readRecords = (path: string) => readJsonLines<EvalRecord>(path);
const byId = (records: readonly EvalRecord[]) => [...records].sort((a, b) => a.id.localeCompare(b.id));
/** A record without its timings, which differ between any two runs. */
const comparable = ({ timings: _timings, ...record }: EvalRecord) => record;

let workers: InProcessWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  workers = [];
});

async function worker(options: { concurrency?: number } = {}): Promise<InProcessWorker> {
  const started = await startInProcessWorker({ url: redis.server().url, ...options });
  workers.push(started);
  return started;
}

async function jobCounts(): Promise<Record<string, number>> {
  const connection = new Redis(redis.server().port, "127.0.0.1", { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection });
  try {
    return await queue.getJobCounts();
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

describeRequiring([redisServerRequirement()], "viper eval --queue", () => {
  redis = useRedisServer();

  it("has workers answer every question and writes the same records, summary and charts as a local run", async () => {
    await worker({ concurrency: 2 });
    const queuedOut = join(folder(), "queued");
    const queued = await runViperInProcess(["eval", "synthetic-compose", "--size", "14", "--queue", redis.server().url, "--out", queuedOut]);
    expect(queued.exitCode, queued.stderr).toBe(0);
    const localOut = join(folder(), "local");
    const local = await runViperInProcess(["eval", "synthetic-compose", "--size", "14", "--out", localOut]);
    expect(local.exitCode, local.stderr).toBe(0);

    const queuedRecords = await readRecords(join(queuedOut, "results.jsonl"));
    expect(queuedRecords).toHaveLength(14);
    expect(byId(queuedRecords).map(comparable)).toEqual(byId(await readRecords(join(localOut, "results.jsonl"))).map(comparable));
    const summaries = await Promise.all([queuedOut, localOut].map(async (out) => JSON.parse(await readFile(join(out, "summary.json"), "utf8"))));
    for (const field of ["suite", "approach", "overall", "byFamily", "byCount", "errorsByCode", "fallbacks", "identity", "complete"]) expect(summaries[0][field]).toEqual(summaries[1][field]);
    // The one worker took 2 jobs at once.
    expect(summaries[0].throughput.concurrency).toBe(2);
    expect(await readFile(join(queuedOut, "accuracy-by-family.svg"), "utf8")).toBe(await readFile(join(localOut, "accuracy-by-family.svg"), "utf8"));
    expect(await readFile(join(queuedOut, "run.json"), "utf8")).toBe(await readFile(join(localOut, "run.json"), "utf8"));
    // The run's sandbox limits travel with its jobs: a tripped one is recorded as locally, naming its flag.
    const limitedOut = join(folder(), "limited");
    const limited = await runViperInProcess(["eval", "synthetic-compose", "--size", "2", "--max-tool-calls", "0", "--queue", redis.server().url, "--out", limitedOut]);
    expect(limited.exitCode, limited.stderr).toBe(0);
    expect((await readRecords(join(limitedOut, "results.jsonl"))).map((record) => record.error)).toEqual([
      expect.objectContaining({ code: "TOOL_LIMIT", message: expect.stringContaining("--max-tool-calls") }),
      expect.objectContaining({ code: "TOOL_LIMIT", message: expect.stringContaining("--max-tool-calls") }),
    ]);
    // A finished run leaves nothing behind in Redis but the queue's own bookkeeping.
    expect(await jobCounts()).toMatchObject({ waiting: 0, active: 0, failed: 0, completed: 0 });
  }, 120_000);

  it("adds each question once however often the producer is started, and resumes where it stopped", async () => {
    const link = await openRedisLink({ url: redis.server().url });
    const suite = await loadSuite("synthetic-count", { size: 8 });
    const paths = evalOutputPaths({ outDir: folder() });
    const notices: string[] = [];
    const runner = () =>
      createQueueQuestionRunner({ link, id: "program (rules)", approach: { kind: "program", planner: "rules" }, runId: "eval-dedupe-test", pollIntervalMs: 50, onNotice: (line) => notices.push(line) });
    try {
      // No worker yet: two producers in turn queue the questions and are stopped before any answer.
      for (let run = 0; run < 2; run++) {
        const controller = new AbortController();
        const evaluating = evaluateSuite({ suite, answerer: runner(), paths, signal: controller.signal });
        await waitFor("the questions queued", () => notices.length === run + 1);
        expect(notices[run]).toMatch(/^queue: 8 questions queued on redis:\/\/127\.0\.0\.1:\d+\/0 \(run eval-dedupe-test\)$/);
        expect((await jobCounts()).waiting).toBe(8);
        controller.abort();
        const stopped = await evaluating;
        expect(stopped.run.interrupted).toBe(true);
        expect(stopped.run.records).toHaveLength(0);
      }
      const connection = new Redis(redis.server().port, "127.0.0.1");
      const queue = new Queue(QUEUE_NAME, { connection });
      const ids = (await queue.getWaiting()).map((job) => job.id).sort();
      await queue.close();
      connection.disconnect();
      expect(ids).toEqual(suite.questions.map((question) => `eval-dedupe-test.${question.id}`).sort());

      await worker();
      const finished = await evaluateSuite({ suite, answerer: runner(), paths });
      expect(finished.run.interrupted).toBe(false);
      expect(finished.summary.overall).toMatchObject({ total: 8, correct: 8 });
      const recordIds = (await readRecords(paths.results)).map((record) => record.id);
      expect(recordIds.sort()).toEqual(suite.questions.map((question) => question.id).sort());
    } finally {
      await link.close();
    }
  }, 120_000);

  it("stops cleanly on Ctrl-C while workers go on, and the same command again collects the rest without repeating one", async () => {
    await worker();
    const out = join(folder(), "interrupted");
    const resultsPath = join(out, "results.jsonl");
    const command = ["eval", "synthetic-count", "--limit", "30", "--queue", redis.server().url, "--out", out];
    const child = spawn(process.execPath, [join(import.meta.dirname, "../../bin/viper.js"), ...command], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    await waitFor("3 records", async () => (await readFile(resultsPath, "utf8").catch(() => "")).split("\n").filter(Boolean).length >= 3);
    process.kill(-child.pid!, "SIGINT");
    expect(await closed, stderr).toBe(130);
    expect(stderr).toContain("Run the same command again to continue. Queued questions stay queued");
    const firstRun = await readRecords(resultsPath);
    expect(firstRun.length).toBeLessThan(30);

    const rerun = await runViperInProcess(command);
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    const ids = (await readRecords(resultsPath)).map((record) => record.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(ids.slice(0, firstRun.length)).toEqual(firstRun.map((record) => record.id));
  }, 120_000);

  it("sends picture files by path and hash, and writes the HTML report with the whole traces the workers sent back", async () => {
    await worker();
    const scene = await generateComposeScene({ seed: 11 });
    await writeFile(join(folder(), "scene.png"), await encodePng(scene.image));
    const circles = scene.objects.filter((object) => object.shape === "circle").length;
    const questions = [
      { image: "scene.png", question: "How many circles are there?", answer: circles },
      { image: "scene.png", question: "How many objects are there?", answer: 99 },
    ];
    await writeFile(join(folder(), "questions.jsonl"), questions.map((line) => JSON.stringify(line)).join("\n"));
    const report = join(folder(), "report.html");
    const run = await runViperInProcess(["eval", "questions", join(folder(), "questions.jsonl"), "--queue", redis.server().url, "--json", join(folder(), "out.jsonl"), "--report", report]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("overall: 50.0% (1/2)");
    const records = await readRecords(join(folder(), "out.jsonl"));
    expect(records.map((record) => record.image)).toEqual([join(folder(), "scene.png"), join(folder(), "scene.png")]);
    const html = await readFile(report, "utf8");
    expect(html).toContain('data-id="line-2"');
    expect(html).not.toContain("the full trace was not kept");
  }, 60_000);

  it("says which of its options belong to the workers, and that queue options need --queue", async () => {
    const detector = await runViperInProcess(["eval", "synthetic-count", "--queue", redis.server().url, "--detector", "pixels", "--out", folder()]);
    expect(detector.exitCode).toBe(1);
    expect(detector.stderr).toContain("CONFIG_INVALID: --detector is a worker's option with --queue");
    const concurrency = await runViperInProcess(["eval", "synthetic-count", "--queue", redis.server().url, "--concurrency", "4", "--out", folder()]);
    expect(concurrency.stderr).toContain("CONFIG_INVALID: --concurrency is a worker's option with --queue");
    const server = await runViperInProcess(["eval", "synthetic-count", "--queue", redis.server().url, "--planner", "openai:gpt-4o-mini", "--planner-base-url", "http://attacker.example/v1", "--out", folder()]);
    expect(server.stderr).toContain("CONFIG_INVALID: --planner-base-url is a worker's option with --queue");
    const dataRoot = await runViperInProcess(["eval", "synthetic-count", "--data-root", "/data", "--out", folder()]);
    expect(dataRoot.stderr).toContain("CONFIG_INVALID: --data-root only applies with --queue");
  });

  it("names a URL that is not a Redis URL, and gives up on a Redis that does not answer within --queue-timeout", async () => {
    const wrong = await runViperInProcess(["eval", "synthetic-count", "--queue", "localhost:6379", "--out", folder()]);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain('QUEUE_URL_INVALID: --queue "localhost:6379" is not a Redis URL');
    // A port where nothing listens: the stopped test server's.
    const { freePort } = await import("../fixtures/redis-server.ts");
    const url = `redis://127.0.0.1:${await freePort()}`;
    const dead = await runViperInProcess(["eval", "synthetic-count", "--limit", "2", "--queue", url, "--queue-timeout", "1", "--out", folder()]);
    expect(dead.exitCode).toBe(1);
    expect(dead.stderr).toMatch(/QUEUE_UNREACHABLE: Redis at redis:\/\/127\.0\.0\.1:\d+\/0 did not answer for 1 s \(.*ECONNREFUSED/);
    const worker = await runViperInProcess(["worker", "--queue", url, "--queue-timeout", "1"]);
    expect(worker.exitCode).toBe(1);
    expect(worker.stderr).toContain("viper worker: QUEUE_UNREACHABLE");
  });
});
