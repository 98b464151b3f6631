import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { JOB_FORMAT, versionMismatch, type StoredResult } from "./job-format.ts";
import { QUEUE_META_KEY, runKeys } from "./queue-keys.ts";

/**
 * Writes the queue's job format when the queue is new, else checks it (producers).
 * @throws ViperError QUEUE_VERSION_MISMATCH when another viper-ts version created the queue.
 */
export async function claimQueueFormat(redis: Redis): Promise<void> {
  await redis.hsetnx(QUEUE_META_KEY, "format", String(JOB_FORMAT));
  await checkQueueFormat(redis);
}

/**
 * Checks the queue's job format when a producer has set one (workers may start before any producer).
 * @throws ViperError QUEUE_VERSION_MISMATCH when another viper-ts version created the queue.
 */
export async function checkQueueFormat(redis: Redis): Promise<void> {
  const format = await redis.hget(QUEUE_META_KEY, "format");
  if (format !== null && format !== String(JOB_FORMAT)) throw versionMismatch({ what: "The queue", found: Number(format) });
}

/** Options for {@link openRun}. */
export interface OpenRunOptions {
  readonly runId: string;
  /** "eval" or "batch", for anyone reading the hash. */
  readonly kind: string;
  /** Fields workers read (a batch's program). */
  readonly fields?: Readonly<Record<string, string>>;
  /**
   * Starts a new generation: results stored for the old one are dropped, and answers begun under it are not
   * stored (queued jobs stay: they ask the same questions, and are answered for the new generation).
   */
  readonly fresh: boolean;
}

/**
 * Starts a run or joins the one an earlier (interrupted) producer left; returns the run's generation.
 * @throws ViperError QUEUE_VERSION_MISMATCH when another viper-ts version started the run.
 */
export async function openRun(redis: Redis, options: OpenRunOptions): Promise<string> {
  const { runId, kind, fields = {}, fresh } = options;
  const keys = runKeys(runId);
  if (fresh) await redis.del(keys.meta, keys.results, keys.events);
  const format = await redis.hget(keys.meta, "format");
  if (format !== null && format !== String(JOB_FORMAT)) throw versionMismatch({ what: "This run in the queue", found: Number(format) });
  // Two producers of the same run racing here agree on one generation: the first HSETNX wins.
  await redis.hsetnx(keys.meta, "generation", randomUUID());
  await redis.hset(keys.meta, { format: String(JOB_FORMAT), kind, ...fields });
  return (await redis.hget(keys.meta, "generation"))!;
}

/** The current generation of a run, or undefined when the run is finished or was never started. */
export async function runGeneration(redis: Redis, runId: string): Promise<string | undefined> {
  return (await redis.hget(runKeys(runId).meta, "generation")) ?? undefined;
}

/** Fields of a run's hash (a batch's program and limits), in order; undefined for a missing one. */
export async function runFields(redis: Redis, runId: string, fields: readonly string[]): Promise<Array<string | undefined>> {
  return (await redis.hmget(runKeys(runId).meta, ...fields)).map((value) => value ?? undefined);
}

/** What {@link storeResult} did. */
export type StoreOutcome = "stored" | "duplicate" | "stale";

// Stores a result only for the run's current generation and only once per key, in one atomic step: a
// worker that stalled, lost its job to another and then finished anyway, or a job of a run restarted with
// --fresh, cannot record a question twice.
const STORE_RESULT_SCRIPT = `
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[1] then return -1 end
return redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3])`;

/**
 * Stores a job's result in its run, unless the run has one for that key already ("duplicate") or is no
 * longer in `generation`, the one the answer was begun in ("stale": finished, or restarted with --fresh).
 */
export async function storeResult(redis: Redis, options: { runId: string; generation: string; key: string; result: StoredResult }): Promise<StoreOutcome> {
  const { runId, generation, key, result } = options;
  const keys = runKeys(runId);
  const outcome = await redis.eval(STORE_RESULT_SCRIPT, 2, keys.meta, keys.results, generation, key, JSON.stringify(result));
  return outcome === 1 ? "stored" : outcome === 0 ? "duplicate" : "stale";
}

/** True when the run already holds a result for `key` (a duplicate job need not be answered again). */
export async function hasResult(redis: Redis, options: { runId: string; key: string }): Promise<boolean> {
  return (await redis.hexists(runKeys(options.runId).results, options.key)) === 1;
}

/** The results stored for the run and not yet taken, by key (values as stored; see {@link parseStoredResult}). */
export async function pendingResults(redis: Redis, runId: string): Promise<Map<string, string>> {
  return new Map(Object.entries(await redis.hgetall(runKeys(runId).results)));
}

/** Drops results the producer has written to its file. */
export async function forgetResults(redis: Redis, options: { runId: string; keys: readonly string[] }): Promise<void> {
  if (options.keys.length > 0) await redis.hdel(runKeys(options.runId).results, ...options.keys);
}

/** A stored result, or undefined when it is not one of this format. */
export function parseStoredResult(text: string): StoredResult | undefined {
  try {
    const value = JSON.parse(text) as Partial<StoredResult>;
    return value.format === JOB_FORMAT && typeof value.record === "object" && value.record !== null && typeof value.worker === "object" ? (value as StoredResult) : undefined;
  } catch {
    return undefined;
  }
}

/** Most events a run keeps (a flood of failing workers cannot fill Redis). */
const MAX_RUN_EVENTS = 100;

/** Adds a line for the run's producer to show (e.g. a worker that stopped on a set-up error). */
export async function postRunEvent(redis: Redis, options: { runId: string; message: string }): Promise<void> {
  const { events } = runKeys(options.runId);
  await redis.multi().rpush(events, options.message).ltrim(events, -MAX_RUN_EVENTS, -1).exec();
}

/** The run's events, oldest first. */
export async function runEvents(redis: Redis, runId: string): Promise<string[]> {
  return redis.lrange(runKeys(runId).events, 0, -1);
}

/** Deletes a finished run's keys; its leftover jobs then find no run and are skipped. */
export async function closeRun(redis: Redis, runId: string): Promise<void> {
  const keys = runKeys(runId);
  await redis.del(keys.meta, keys.results, keys.events);
}
