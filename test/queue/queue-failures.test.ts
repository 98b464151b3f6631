import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, expect, it } from "vitest";
import type { EvalRecord } from "../../src/eval/eval-record.ts";
import { evaluateSuite } from "../../src/eval/evaluate-suite.ts";
import { evalOutputPaths } from "../../src/eval/output-paths.ts";
import { loadSuite } from "../../src/eval/suites/index.ts";
import { createQueueQuestionRunner, openRedisLink, QUEUE_NAME } from "../../src/queue/index.ts";
import { createPerception } from "../../src/tools/create-perception.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { readJsonLines } from "../fixtures/json-lines.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { startRedisServer } from "../fixtures/redis-server.ts";
import { describeRequiring, redisServerRequirement } from "../fixtures/test-requirements.ts";
import { useRedisServer, type RedisFixture } from "../fixtures/use-redis-server.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { startQueueWorker } from "../../src/queue/index.ts";
import { spawnWorker, startInProcessWorker, waitFor, type InProcessWorker } from "./support.ts";

// Started inside the describe, so a machine without redis-server skips the file instead of failing it.
let redis: RedisFixture;
const folder = useTemporaryFolder({ prefix: "viper-queue-failures-", per: "test" });

let client: Redis | undefined;
let workers: InProcessWorker[] = [];
function redisClient(): Redis {
  client ??= new Redis(redis.server().port, "127.0.0.1", { maxRetriesPerRequest: null });
  return client;
}
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  workers = [];
  client?.disconnect();
  client = undefined;
});

describeRequiring([redisServerRequirement()], "queue failures", () => {
  redis = useRedisServer();

  it("refuses a queue created by another version of viper-ts, in the producer and in the worker", async () => {
    await redisClient().hset("viper:queue", "format", "99");
    try {
      const producer = await runViperInProcess(["eval", "synthetic-count", "--limit", "2", "--queue", redis.server().url, "--out", folder()]);
      expect(producer.exitCode).toBe(1);
      expect(producer.stderr).toContain("QUEUE_VERSION_MISMATCH: The queue was made by another version of viper-ts (job format 99; this one writes and reads format 1)");
      const perception = await createPerception();
      const error = await rejectionOf(startQueueWorker({ url: redis.server().url, perception, answererFor: () => Promise.reject(new Error("not reached")) }));
      await perception.dispose();
      expect(error.code).toBe("QUEUE_VERSION_MISMATCH");
    } finally {
      await redisClient().del("viper:queue");
    }
  });

  it("puts a job of another format back, stops the worker with QUEUE_VERSION_MISMATCH and tells the job's producer", async () => {
    const queue = new Queue(QUEUE_NAME, { connection: redisClient() });
    await queue.add("eval-question", { format: 2, run: "eval-newer", question: {} }, { jobId: "eval-newer.q1" });
    const { worker, close } = await startInProcessWorker({ url: redis.server().url, name: "old-worker" });
    try {
      const error = await rejectionOf(worker.stopped);
      expect(error.code).toBe("QUEUE_VERSION_MISMATCH");
      expect(error.message).toContain("A job in the queue was made by another version of viper-ts (job format 2");
      expect(await (await queue.getJob("eval-newer.q1"))?.getState()).toBe("waiting");
      expect(await redisClient().lrange("viper:run:eval-newer:events", 0, -1)).toEqual([expect.stringContaining("queue: worker old-worker stopped and put its job back: QUEUE_VERSION_MISMATCH")]);
    } finally {
      await close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it("names a Redis that refuses the login, without showing the password", async () => {
    const guarded = await startRedisServer({ password: "s3cret" });
    try {
      const noLogin = await runViperInProcess(["worker", "--queue", guarded.url, "--queue-timeout", "5"]);
      expect(noLogin.exitCode).toBe(1);
      expect(noLogin.stderr).toContain(`viper worker: QUEUE_UNREACHABLE: Redis at redis://127.0.0.1:${guarded.port}/0 refused the queue (NOAUTH`);
      const wrong = await runViperInProcess(["eval", "synthetic-count", "--queue", `redis://:wrong-pass@127.0.0.1:${guarded.port}`, "--out", folder()]);
      expect(wrong.stderr).toContain(`QUEUE_UNREACHABLE: Redis at redis://:***@127.0.0.1:${guarded.port}/0 refused the queue (WRONGPASS`);
      expect(wrong.stderr).not.toContain("wrong-pass");
    } finally {
      await guarded.stop();
    }
  });

  it("a worker without the VLM a --direct run compares stops with CONFIG_INVALID, and the producer shows why", async () => {
    const workerProcess = await spawnWorker({ url: redis.server().url, name: "no-vlm" });
    const link = await openRedisLink({ url: redis.server().url });
    const notices: string[] = [];
    const controller = new AbortController();
    try {
      const evaluating = evaluateSuite({
        suite: await loadSuite("synthetic-count", { size: 2 }),
        answerer: createQueueQuestionRunner({ link, id: "direct (ollama:llava)", approach: { kind: "direct", vlm: "ollama:llava" }, runId: "eval-direct-test", onNotice: (line) => notices.push(line) }),
        paths: evalOutputPaths({ outDir: folder() }),
        signal: controller.signal,
      });
      expect(await workerProcess.exited).toBe(1);
      expect(workerProcess.stderr()).toContain("viper worker: CONFIG_INVALID: The queued run asks the VLM ollama:llava directly (--direct), but this worker has no --vlm; start workers for it with --vlm ollama:llava.");
      await waitFor("the worker's stop shown", () => notices.some((line) => line.includes("queue: worker no-vlm stopped and put its job back: CONFIG_INVALID")));
      controller.abort();
      const { run } = await evaluating;
      expect(run.records).toHaveLength(0);
    } finally {
      await link.close();
    }
  }, 60_000);

  it("records a question whose job the workers gave up with QUEUE_JOB_FAILED, once, and removes the failed job", async () => {
    const suite = await loadSuite("synthetic-count", { size: 3 });
    const broken = suite.questions[1]!;
    // A job for one of the run's questions that no worker can read (no picture source): it fails at once.
    const queue = new Queue(QUEUE_NAME, { connection: redisClient() });
    await queue.add("eval-question", { format: 1, kind: "eval-question", run: "eval-failed-job", question: { id: broken.id } }, { jobId: `eval-failed-job.${broken.id}` });
    await startInProcessWorker({ url: redis.server().url }).then((started) => workers.push(started));
    const link = await openRedisLink({ url: redis.server().url });
    const paths = evalOutputPaths({ outDir: folder() });
    try {
      const { run } = await evaluateSuite({
        suite,
        answerer: createQueueQuestionRunner({ link, id: "program (rules)", approach: { kind: "program", planner: "rules" }, runId: "eval-failed-job", pollIntervalMs: 50 }),
        paths,
      });
      expect(run.interrupted).toBe(false);
      const records = await readJsonLines<EvalRecord>(paths.results);
      expect(records.map((record) => [record.id, record.error?.code ?? null]).sort()).toEqual(
        suite.questions.map((question) => [question.id, question === broken ? "QUEUE_JOB_FAILED" : null]).sort(),
      );
      expect(records.find((record) => record.id === broken.id)!.error!.message).toContain("does not hold what job format 1 writes");
      expect(await queue.getJobCounts("failed")).toEqual({ failed: 0 });
    } finally {
      await link.close();
      await queue.close();
    }
  }, 60_000);

  it("stops producer and worker with QUEUE_UNREACHABLE when Redis dies mid-run, keeping every record written", async () => {
    const url = redis.server().url;
    const { worker, close } = await startInProcessWorker({ url, timeoutMs: 1000 });
    const link = await openRedisLink({ url, timeoutMs: 1000 });
    const paths = evalOutputPaths({ outDir: folder() });
    try {
      const evaluating = evaluateSuite({
        suite: await loadSuite("synthetic-count", { size: 60 }),
        answerer: createQueueQuestionRunner({ link, id: "program (rules)", approach: { kind: "program", planner: "rules" }, runId: "eval-redis-dies" }),
        paths,
      });
      await waitFor("3 records", async () => (await readJsonLines<EvalRecord>(paths.results).catch(() => [])).length >= 3);
      await redis.server().kill();
      const [producerError, workerError] = await Promise.all([rejectionOf(evaluating), rejectionOf(worker.stopped)]);
      expect(producerError.code).toBe("QUEUE_UNREACHABLE");
      expect(producerError.message).toContain("did not answer for 1 s");
      expect(workerError.code).toBe("QUEUE_UNREACHABLE");
      const ids = (await readJsonLines<EvalRecord>(paths.results)).map((record) => record.id);
      expect(ids.length).toBeGreaterThanOrEqual(3);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await link.close();
      await close();
      await redis.restart();
    }
  }, 60_000);
});
