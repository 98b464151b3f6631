import { ViperError } from "../errors/index.ts";
import type { RecordsFile } from "./records-file.ts";

/** What working on one item gave: its record, a set-up error that stops the run, or undefined when stopped. */
export type ItemOutcome<R> = { readonly record: R } | { readonly setupError: unknown } | undefined;

/** Options for {@link recordConcurrently}. */
export interface RecordConcurrentlyOptions<T, R> {
  /** The items without a record yet, started in this order. */
  readonly items: readonly T[];
  /** Items worked on at the same time. */
  readonly concurrency: number;
  /** No new item starts once it aborts; items under way get it to cancel. */
  readonly signal: AbortSignal;
  /** Works on one item. */
  readonly work: (item: T, signal: AbortSignal) => Promise<ItemOutcome<R>>;
  /** The item's key in the records file. */
  readonly keyOf: (item: T) => string;
  readonly results: RecordsFile<R>;
  /** Called after each record is written. */
  readonly onRecord?: (record: R) => void;
}

/**
 * Works through `items` with at most `concurrency` under way, appending each record to `results` as soon as
 * it is made, so an interrupted run loses nothing it finished. A set-up error stops the run: no new item
 * starts, items under way are cancelled, and the call rejects with that error (what was recorded stays).
 * Evaluation and batch runs in this process share it. Returns this run's records by key.
 * @throws ViperError CONFIG_INVALID when `concurrency` is not a whole number ≥ 1; the first set-up error.
 */
export async function recordConcurrently<T, R>(options: RecordConcurrentlyOptions<T, R>): Promise<Map<string, R>> {
  const { items, concurrency, signal, work, keyOf, results, onRecord } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `--concurrency must be a whole number ≥ 1; got ${concurrency}.`, details: { concurrency } });
  }
  const fresh = new Map<string, R>();
  const stopOnSetupError = new AbortController();
  const stop = AbortSignal.any([signal, stopOnSetupError.signal]);
  let setupError: unknown;
  let next = 0;
  const slot = async (): Promise<void> => {
    while (!stop.aborted && next < items.length) {
      const item = items[next++]!;
      const outcome = await work(item, stop);
      if (outcome === undefined) return;
      if ("setupError" in outcome) {
        setupError ??= outcome.setupError;
        stopOnSetupError.abort();
        return;
      }
      fresh.set(keyOf(item), outcome.record);
      await results.append(outcome.record);
      onRecord?.(outcome.record);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(items.length, 1)) }, slot));
  if (setupError !== undefined) throw setupError;
  return fresh;
}

/** How a run that writes one record per item went. */
export interface RecordsRun<R> {
  /** The records of every item that has one, in item order (earlier runs included). */
  readonly records: readonly R[];
  /** Items done by this run. */
  readonly answeredNow: number;
  /** Items skipped because the records file already had them. */
  readonly resumed: number;
  /** Wall-clock time of this run. */
  readonly elapsedMs: number;
  /** True when the run stopped before every item had a record. */
  readonly interrupted: boolean;
}

/** The run's outcome over items with `keys`, from the file's earlier records and this run's `fresh` ones. */
export function recordsRun<R>(options: { keys: readonly string[]; results: RecordsFile<R>; fresh: ReadonlyMap<string, R>; startedAt: number }): RecordsRun<R> {
  const { keys, results, fresh, startedAt } = options;
  const records = keys.flatMap((key) => results.previous.get(key) ?? fresh.get(key) ?? []);
  return {
    records,
    answeredNow: fresh.size,
    resumed: keys.filter((key) => results.previous.has(key)).length,
    elapsedMs: performance.now() - startedAt,
    interrupted: records.length < keys.length,
  };
}
