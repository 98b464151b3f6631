import { ViperError } from "../../errors/index.ts";

/** Options for {@link createMicroBatcher}; bad values are CONFIG_INVALID errors naming the option. */
export interface MicroBatcherOptions<Item, Result> {
  /** Most items handed to one `run` (the back-ends' `maxBatchSize` option). */
  readonly maxBatchSize: number;
  /**
   * How long an item that arrives while nothing is running waits for company before its batch starts
   * (the back-ends' `batchWindowMs` option). 0 still collects every item submitted in the same
   * event-loop turn (e.g. one `Promise.all`).
   */
  readonly windowMs: number;
  /** Serves a batch: one result per item, in order. A rejection fails every item of the batch. */
  run(items: readonly Item[]): Promise<readonly Result[]>;
}

/** Collects concurrent requests into batches; see {@link createMicroBatcher}. */
export interface MicroBatcher<Item, Result> {
  submit(item: Item): Promise<Result>;
}

interface Pending<Item, Result> {
  readonly item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * A micro-batching queue: one batch runs at a time; items that arrive while it runs (or within
 * `windowMs` of the first item, when idle) wait and go together, up to `maxBatchSize` per batch, in
 * arrival order. Models run one batch at a time because a batch already uses every core.
 */
export function createMicroBatcher<Item, Result>({ maxBatchSize, windowMs, run }: MicroBatcherOptions<Item, Result>): MicroBatcher<Item, Result> {
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `maxBatchSize must be a whole number of at least 1 (1 turns batching off); got ${maxBatchSize}.`, details: { option: "maxBatchSize", value: maxBatchSize } });
  }
  if (!Number.isFinite(windowMs) || windowMs < 0) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `batchWindowMs must be a number of milliseconds, 0 or more; got ${windowMs}.`, details: { option: "batchWindowMs", value: windowMs } });
  }
  const waiting: Pending<Item, Result>[] = [];
  let busy = false;

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting.splice(0, maxBatchSize);
      try {
        const results = await run(batch.map((entry) => entry.item));
        if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} gave ${results.length} results`);
        batch.forEach((entry, index) => entry.resolve(results[index]!));
      } catch (error) {
        batch.forEach((entry) => entry.reject(error));
      }
    }
    busy = false;
  }

  function start(): void {
    busy = true;
    const begin = () => void drain();
    if (windowMs > 0) setTimeout(begin, windowMs);
    else setImmediate(begin);
  }

  return {
    submit(item) {
      return new Promise<Result>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (!busy) start();
      });
    },
  };
}
