import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createMicroBatcher } from "../../src/mllm/transformers/micro-batcher.ts";

/** A fake model run: records each batch it is given and answers every item doubled, after `delayMs`. */
function fakeRun(delayMs = 5) {
  const batches: number[][] = [];
  let running = 0;
  let mostAtOnce = 0;
  return {
    batches,
    mostAtOnce: () => mostAtOnce,
    async run(items: readonly number[]): Promise<number[]> {
      batches.push([...items]);
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(delayMs);
      running--;
      return items.map((item) => item * 2);
    },
  };
}

describe("the micro-batcher", () => {
  it("serves items submitted together as one batch, each caller getting its own result", async () => {
    const model = fakeRun();
    const batcher = createMicroBatcher({ maxBatchSize: 8, windowMs: 0, run: model.run });
    expect(await Promise.all([1, 2, 3].map((item) => batcher.submit(item)))).toEqual([2, 4, 6]);
    expect(model.batches).toEqual([[1, 2, 3]]);
  });

  it("collects items arriving within the window, and items arriving while a batch runs, for the next batch", async () => {
    const model = fakeRun(30);
    const batcher = createMicroBatcher({ maxBatchSize: 8, windowMs: 10, run: model.run });
    const first = batcher.submit(1);
    await sleep(2);
    const second = batcher.submit(2); // within the window
    await sleep(20);
    const late = [batcher.submit(3), batcher.submit(4)]; // while the first batch runs
    expect(await Promise.all([first, second, ...late])).toEqual([2, 4, 6, 8]);
    expect(model.batches).toEqual([[1, 2], [3, 4]]);
  });

  it("never exceeds maxBatchSize, keeps arrival order and runs one batch at a time", async () => {
    const model = fakeRun();
    const batcher = createMicroBatcher({ maxBatchSize: 3, windowMs: 0, run: model.run });
    const items = [1, 2, 3, 4, 5, 6, 7];
    expect(await Promise.all(items.map((item) => batcher.submit(item)))).toEqual(items.map((item) => item * 2));
    expect(model.batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(model.mostAtOnce()).toBe(1);
  });

  it("fails every item of a failed batch, and serves the next batch normally", async () => {
    let calls = 0;
    const batcher = createMicroBatcher<number, number>({
      maxBatchSize: 2,
      windowMs: 0,
      run: async (items) => {
        if (calls++ === 0) throw new Error("out of memory");
        return items.map((item) => item + 1);
      },
    });
    const results = await Promise.allSettled([1, 2, 3].map((item) => batcher.submit(item)));
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(results[2]).toEqual({ status: "fulfilled", value: 4 });
  });

  it("fails the batch when the run gives a wrong number of results", async () => {
    const batcher = createMicroBatcher<number, number>({ maxBatchSize: 4, windowMs: 0, run: async () => [1] });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow(/batch of 2 gave 1 results/);
  });

  it("starts again after going idle", async () => {
    const model = fakeRun(1);
    const batcher = createMicroBatcher({ maxBatchSize: 4, windowMs: 0, run: model.run });
    expect(await batcher.submit(1)).toBe(2);
    expect(await batcher.submit(5)).toBe(10);
    expect(model.batches).toEqual([[1], [5]]);
  });

  it.each([
    ["maxBatchSize", { maxBatchSize: 0, windowMs: 0 }],
    ["maxBatchSize", { maxBatchSize: 1.5, windowMs: 0 }],
    ["batchWindowMs", { maxBatchSize: 2, windowMs: -1 }],
    ["batchWindowMs", { maxBatchSize: 2, windowMs: Number.POSITIVE_INFINITY }],
  ])("rejects a bad %s with CONFIG_INVALID", (option, settings) => {
    expect(() => createMicroBatcher({ ...settings, run: async (items: readonly number[]) => items })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", details: expect.objectContaining({ option }) }),
    );
  });
});
