import { ViperError } from "../errors/index.ts";

/** Options for {@link runConcurrently}. */
export interface RunConcurrentlyOptions<T> {
  /** The work items, started in this order. */
  readonly items: readonly T[];
  /** Items worked on at the same time. */
  readonly concurrency: number;
  /** No new item starts once it aborts. */
  readonly signal: AbortSignal;
  /** Works on one item; returning false stops the run (no new item starts). */
  readonly work: (item: T) => Promise<boolean>;
}

/**
 * Works through `items` with at most `concurrency` under way, starting each as soon as a slot is free.
 * Evaluation and batch runs in this process share it.
 * @throws ViperError CONFIG_INVALID when `concurrency` is not a whole number ≥ 1.
 */
export async function runConcurrently<T>(options: RunConcurrentlyOptions<T>): Promise<void> {
  const { items, concurrency, signal, work } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `--concurrency must be a whole number ≥ 1; got ${concurrency}.`, details: { concurrency } });
  }
  let next = 0;
  let stopped = false;
  const slot = async (): Promise<void> => {
    while (!stopped && !signal.aborted && next < items.length) {
      if (!(await work(items[next++]!))) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(items.length, 1)) }, slot));
}
