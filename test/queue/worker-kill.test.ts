import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, expect, it } from "vitest";
import type { EvalRecord } from "../../src/eval/eval-record.ts";
import { QUEUE_NAME } from "../../src/queue/index.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { readJsonLines } from "../fixtures/json-lines.ts";
import { describeRequiring, redisServerRequirement } from "../fixtures/test-requirements.ts";
import { useRedisServer, type RedisFixture } from "../fixtures/use-redis-server.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { spawnWorker, waitFor, type WorkerProcess } from "./support.ts";

// Started inside the describe, so a machine without redis-server skips the file instead of failing it.
let redis: RedisFixture;
const folder = useTemporaryFolder({ prefix: "viper-queue-kill-" });
const QUESTIONS = 200;

const spawned: WorkerProcess[] = [];
afterAll(() => {
  for (const worker of spawned) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
});

/** The id of the job the worker named `name` holds right now, if any. */
async function activeJobOf(queue: Queue, name: string): Promise<string | undefined> {
  return (await queue.getActive()).find((job) => job.processedBy === name)?.id;
}

describeRequiring([redisServerRequirement()], "a worker killed with SIGKILL mid-job", () => {
  redis = useRedisServer();

  it("loses nothing: the other worker retries its job after the stalled-job check, and all 200 questions are recorded once, as a local run answers them", async () => {
    const url = redis.server().url;
    // Short locks so the stalled-job check gives the dead worker's job away within seconds, not 30 s.
    const args = ["--concurrency", "1", "--stall-timeout", "2"];
    const victim = await spawnWorker({ url, name: "victim", args });
    const survivor = await spawnWorker({ url, name: "survivor", args });
    spawned.push(victim, survivor);
    const out = join(folder(), "queued");
    const producing = runViperInProcess(["eval", "synthetic-count", "--size", String(QUESTIONS), "--queue", url, "--out", out]);

    const connection = new Redis(redis.server().port, "127.0.0.1", { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection });
    let orphan: string | undefined;
    try {
      await waitFor("both workers answering", async () => {
        const answered = (await readJsonLines<EvalRecord>(join(out, "results.jsonl")).catch(() => [])).length;
        return answered >= 10 && (await activeJobOf(queue, "victim")) !== undefined;
      }, 180_000);
      // Freeze the victim, so the job it holds cannot finish between looking and killing; if it was between
      // two jobs, let it take the next one and look again.
      while (orphan === undefined) {
        victim.child.kill("SIGSTOP");
        orphan = await activeJobOf(queue, "victim");
        if (orphan === undefined) {
          victim.child.kill("SIGCONT");
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      victim.child.kill("SIGKILL");
      expect(await victim.exited).toBe(null);
    } finally {
      await queue.close();
      connection.disconnect();
    }

    const produced = await producing;
    expect(produced.exitCode, produced.stderr).toBe(0);
    survivor.child.kill("SIGTERM");
    expect(await survivor.exited).toBe(0);
    expect(survivor.stderr()).toMatch(/viper worker survivor: stopped; \d+ answered/);

    const records = await readJsonLines<EvalRecord>(join(out, "results.jsonl"));
    const ids = records.map((record) => record.id);
    expect(ids).toHaveLength(QUESTIONS);
    expect(new Set(ids).size).toBe(QUESTIONS);
    // The question the victim died on was answered by the survivor.
    const orphanQuestion = orphan.slice(orphan.indexOf(".") + 1);
    expect(records.find((record) => record.id === orphanQuestion)).toMatchObject({ error: null });

    const local = await runViperInProcess(["eval", "synthetic-count", "--size", String(QUESTIONS), "--out", join(folder(), "local")]);
    expect(local.exitCode, local.stderr).toBe(0);
    const localRecords = await readJsonLines<EvalRecord>(join(folder(), "local", "results.jsonl"));
    const outcome = (list: readonly EvalRecord[]) => Object.fromEntries(list.map((record) => [record.id, [record.answer, record.correct]]));
    expect(outcome(records)).toEqual(outcome(localRecords));
    expect(records.filter((record) => record.correct).length).toBe(localRecords.filter((record) => record.correct).length);
  }, 300_000);
});
