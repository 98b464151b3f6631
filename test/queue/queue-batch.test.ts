import { cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import type { BatchRecord } from "../../src/batch/index.ts";
import { runViperInProcess } from "../fixtures/cli-runner.ts";
import { readJsonLines } from "../fixtures/json-lines.ts";
import { rejectionOf } from "../fixtures/rejection.ts";
import { describeRequiring, redisServerRequirement } from "../fixtures/test-requirements.ts";
import { useRedisServer, type RedisFixture } from "../fixtures/use-redis-server.ts";
import { useTemporaryFolder } from "../fixtures/temporary-folder.ts";
import { COUNT_CIRCLES, writeScenePictures } from "../batch/batch-pictures.ts";
import { startInProcessWorker, type InProcessWorker } from "./support.ts";

// Started inside the describe, so a machine without redis-server skips the file instead of failing it.
let redis: RedisFixture;
const folder = useTemporaryFolder({ prefix: "viper-queue-batch-", per: "test" });
const comparable = ({ timings: _timings, ...record }: BatchRecord) => record;

let workers: InProcessWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  workers = [];
});

async function worker(options: { dataRoot?: string; name?: string } = {}): Promise<InProcessWorker> {
  const started = await startInProcessWorker({ url: redis.server().url, ...options });
  workers.push(started);
  return started;
}

describeRequiring([redisServerRequirement()], "viper batch --queue", () => {
  redis = useRedisServer();

  it("has workers run the program and writes the same records as a local batch run", async () => {
    const pictures = join(folder(), "pictures");
    await writeScenePictures(pictures, ["a.png", "b.png", "c.png"]);
    await writeFile(join(pictures, "broken.png"), "not a png");
    const program = join(folder(), "count.ts");
    await writeFile(program, COUNT_CIRCLES);
    await worker();
    const queued = await runViperInProcess(["batch", pictures, program, "--queue", redis.server().url, "--out", join(folder(), "queued.jsonl")]);
    expect(queued.exitCode, queued.stderr).toBe(0);
    expect(queued.stdout).toContain("batch: 4 of 4 pictures recorded: 3 answered, 1 error (IMAGE_INVALID 1).");
    const local = await runViperInProcess(["batch", pictures, program, "--out", join(folder(), "local.jsonl")]);
    const sorted = async (path: string) => (await readJsonLines<BatchRecord>(path)).sort((a, b) => a.image.localeCompare(b.image)).map(comparable);
    expect(local.exitCode).toBe(0);
    expect(await sorted(join(folder(), "queued.jsonl"))).toEqual(await sorted(join(folder(), "local.jsonl")));
  }, 60_000);

  it("runs the program under the producer's sandbox limits, and names the flag of a tripped limit as a local run does", async () => {
    const pictures = join(folder(), "pictures");
    await writeScenePictures(pictures, ["a.png"]);
    const program = join(folder(), "count.ts");
    await writeFile(program, COUNT_CIRCLES);
    await worker();
    const outcomes = [];
    for (const queue of [["--queue", redis.server().url], []]) {
      const out = join(folder(), `${queue.length === 0 ? "local" : "queued"}.jsonl`);
      const run = await runViperInProcess(["batch", pictures, program, "--max-tool-calls", "0", ...queue, "--out", out]);
      expect(run.exitCode, run.stderr).toBe(0);
      outcomes.push((await readJsonLines<BatchRecord>(out)).map((record) => record.error));
    }
    expect(outcomes[0]).toEqual([expect.objectContaining({ code: "TOOL_LIMIT", message: expect.stringContaining("--max-tool-calls") })]);
    expect(outcomes[0]).toEqual(outcomes[1]);
  }, 60_000);

  it("a worker whose copy of the data differs stops with QUEUE_IMAGE_UNAVAILABLE and puts its job back; a worker with the right copy finishes the run", async () => {
    // The producer's data root, a faithful copy, and a copy where one picture differs.
    const producerRoot = join(folder(), "producer");
    await writeScenePictures(join(producerRoot, "set"), ["a.png", "b.png"]);
    const goodRoot = join(folder(), "good");
    const badRoot = join(folder(), "bad");
    await cp(producerRoot, goodRoot, { recursive: true });
    await cp(producerRoot, badRoot, { recursive: true });
    await writeScenePictures(join(badRoot, "set"), ["b.png", "a.png"]);
    const program = join(folder(), "count.ts");
    await writeFile(program, COUNT_CIRCLES);
    const out = join(folder(), "results.jsonl");

    const bad = await worker({ dataRoot: badRoot, name: "bad-copy" });
    const producing = runViperInProcess(["batch", join(producerRoot, "set"), program, "--queue", redis.server().url, "--data-root", producerRoot, "--out", out]);
    const error = await rejectionOf(bad.worker.stopped);
    expect(error.code).toBe("QUEUE_IMAGE_UNAVAILABLE");
    expect(error.message).toContain(`${join(badRoot, "set")}/`);
    expect(error.message).toContain("is not the producer's file");
    expect(await readJsonLines<BatchRecord>(out).catch(() => [])).toEqual([]);

    await worker({ dataRoot: goodRoot, name: "good-copy" });
    const produced = await producing;
    expect(produced.exitCode, produced.stderr).toBe(0);
    expect(produced.stderr).toContain("queue: worker bad-copy stopped and put its job back: QUEUE_IMAGE_UNAVAILABLE");
    expect((await readJsonLines<BatchRecord>(out)).map((record) => [record.image, record.error])).toEqual(
      expect.arrayContaining([
        ["a.png", null],
        ["b.png", null],
      ]),
    );
  }, 60_000);
});
