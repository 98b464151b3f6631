import { Queue, type JobsOptions } from "bullmq";
import { ViperError } from "../errors/index.ts";
import type { QueueJob, StoredResult } from "./job-format.ts";
import { jobIdFor, keyOfJobId, QUEUE_NAME } from "./queue-keys.ts";
import type { RedisLink } from "./redis-link.ts";
import { claimQueueFormat, closeRun, forgetResults, openRun, parseStoredResult, pendingResults, runEvents, runGeneration } from "./run-store.ts";

/** One question or picture of a queued run. */
export interface QueuedItem {
  /** The question's id or the picture's key: the result's key, and (with the run id) the job id. */
  readonly key: string;
  /** Builds the job (may read the picture to hash it); IMAGE_INVALID when the producer cannot read it. */
  job(): Promise<QueueJob>;
}

/** Options for {@link runQueued}. */
export interface RunQueuedOptions {
  readonly link: RedisLink;
  /** Identifies the run: what it computes and where its results go (evalRunId, batchRunId in run-id.ts). */
  readonly runId: string;
  readonly kind: "eval" | "batch";
  /** Fields of the run's hash that workers read (a batch's program). */
  readonly fields?: Readonly<Record<string, string>>;
  /** Starts the run afresh (its earlier results in Redis are dropped). */
  readonly fresh: boolean;
  /** Every item of the run, in order; those already recorded are not queued. */
  readonly items: readonly QueuedItem[];
  /** True when the producer's file already holds the item. */
  readonly isRecorded: (key: string) => boolean;
  /** Writes a worker's result to the producer's file; called at most once per key. */
  readonly accept: (key: string, result: StoredResult) => Promise<void>;
  /** Records an item that got no result: its job failed on the workers, or the producer cannot read its picture. */
  readonly reject: (key: string, error: ViperError) => Promise<void>;
  /** Stops waiting: results not yet collected stay in Redis for the next run of the same command. */
  readonly signal?: AbortSignal;
  /** Lines for the user: no worker connected, a worker stopped on a set-up error. */
  readonly onNotice?: (message: string) => void;
  /**
   * How often stored results are collected.
   * @defaultValue 200
   */
  readonly pollIntervalMs?: number;
}

/** How a queued run ended. */
export interface QueuedRunOutcome {
  /** True when `signal` stopped the run before every item was recorded. */
  readonly interrupted: boolean;
  /** The sum of `--concurrency` of the workers whose results this run collected (undefined: none). */
  readonly workerSlots: number | undefined;
}

/** Jobs are added in chunks of this many (one round trip each). */
const ADD_CHUNK = 500;
/** Failed jobs and worker events are looked at this often. */
const CHECK_INTERVAL_MS = 2000;
/** After this long without a new result, the producer re-adds missing jobs and says if no worker is there. */
const IDLE_CHECK_MS = 15_000;

const JOB_OPTIONS: JobsOptions = {
  // Results go to the run's hash, so a finished job is not kept; a failed one is, until its producer records it.
  removeOnComplete: true,
  removeOnFail: false,
  // Only an internal error (e.g. Redis lost while storing) fails a job; a question's own error is its record.
  attempts: 3,
  backoff: { type: "exponential", delay: 1000 },
};

/**
 * The producer's side of a queued run: checks the queue's format, opens (or rejoins) the run, collects
 * results already stored, adds a job per item not yet recorded (job id = run id + key, so nothing is added
 * twice), then collects stored results as workers finish them until every item is recorded or `signal`
 * stops it. Each result is handed to `accept` once, then dropped from Redis; a failed job to `reject`.
 * A finished run's keys are deleted; an interrupted run's stay, so the same command resumes it.
 * @throws ViperError QUEUE_UNREACHABLE when Redis is unreachable for longer than the link's timeout;
 * QUEUE_VERSION_MISMATCH for a queue or run of another format; anything `accept`/`reject` throw.
 */
export async function runQueued(options: RunQueuedOptions): Promise<QueuedRunOutcome> {
  const { link, runId, kind, fields, fresh, items, isRecorded, signal, onNotice = () => {}, pollIntervalMs = 200 } = options;
  const { redis, guard } = link;
  const queue = new Queue(QUEUE_NAME, { connection: redis });
  // BullMQ reports connection trouble as events; the link's watchdog decides when it is fatal.
  queue.on("error", () => undefined);
  const collector = createCollector(options);
  try {
    await guard(claimQueueFormat(redis));
    await guard(openRun(redis, { runId, kind, fields, fresh }));
    await collector.collect();
    const todo = items.filter((item) => !isRecorded(item.key));
    await guard(enqueue({ queue, runId, items: todo, reject: options.reject, signal }));
    if (todo.length > 0 && !signal?.aborted) onNotice(`queue: ${todo.length} ${kind === "eval" ? "questions" : "pictures"} queued on ${link.address.display} (run ${runId})`);
    let lastCheckAt = 0;
    let lastProgressAt = performance.now();
    let recordedAtLastCheck = collector.recorded();
    while (!items.every((item) => isRecorded(item.key))) {
      if (signal?.aborted) return { interrupted: true, workerSlots: collector.workerSlots() };
      await guard(sleep(pollIntervalMs, signal));
      await collector.collect();
      const now = performance.now();
      if (collector.recorded() > recordedAtLastCheck) {
        recordedAtLastCheck = collector.recorded();
        lastProgressAt = now;
      }
      if (now - lastCheckAt >= CHECK_INTERVAL_MS) {
        lastCheckAt = now;
        await collector.collectFailed(queue);
        await collector.showEvents(onNotice);
      }
      if (now - lastProgressAt >= IDLE_CHECK_MS) {
        lastProgressAt = now;
        await guard(whenIdle({ queue, link, runId, kind, fields, items: items.filter((item) => !isRecorded(item.key)), reject: options.reject, onNotice }));
      }
    }
    await guard(closeRun(redis, runId));
    return { interrupted: false, workerSlots: collector.workerSlots() };
  } finally {
    await queue.close().catch(() => undefined);
  }
}

interface Collector {
  /** Takes the stored results into the producer's file and drops them from Redis. */
  collect(): Promise<void>;
  /** Records the run's failed jobs (after collecting: a stored result wins over a failure) and removes them. */
  collectFailed(queue: Queue): Promise<void>;
  /** Shows worker events not shown yet. */
  showEvents(onNotice: (message: string) => void): Promise<void>;
  recorded(): number;
  workerSlots(): number | undefined;
}

function createCollector(options: RunQueuedOptions): Collector {
  const { link, runId, items, isRecorded, accept, reject } = options;
  const { redis, guard } = link;
  const itemKeys = new Set(items.map((item) => item.key));
  const workers = new Map<string, number>();
  const shownEvents = new Set<string>();
  let recorded = 0;
  const collect = async (): Promise<void> => {
    const stored = await guard(pendingResults(redis, runId));
    for (const [key, text] of stored) {
      const result = parseStoredResult(text);
      // A result for a key already recorded is a duplicate (a stalled worker that finished after all).
      if (result === undefined || isRecorded(key)) continue;
      await accept(key, result);
      recorded++;
      workers.set(result.worker.name, result.worker.concurrency);
    }
    await guard(forgetResults(redis, { runId, keys: [...stored.keys()] }));
  };
  return {
    collect,
    async collectFailed(queue) {
      // This run's failed jobs; those of items outside this run's --limit wait for a run that has them.
      const failed = (await guard(queue.getJobs(["failed"]))).flatMap((job) => {
        const key = job.id === undefined ? undefined : keyOfJobId(runId, job.id);
        return key !== undefined && itemKeys.has(key) ? [{ job, key }] : [];
      });
      if (failed.length === 0) return;
      await collect();
      for (const { job, key } of failed) {
        if (!isRecorded(key)) {
          await reject(
            key,
            new ViperError({
              code: "QUEUE_JOB_FAILED",
              message: `The queue's workers gave this up: ${job.failedReason || "no reason given"} (a job is given up when workers die on it repeatedly, or fail on it with an internal error 3 times).`,
              details: { jobId: job.id, attemptsMade: job.attemptsMade, stalledCounter: job.stalledCounter ?? 0 },
            }),
          );
          recorded++;
        }
        // BullMQ refuses to remove a job someone else removed or retried meanwhile; that job is not ours to keep.
        await guard(job.remove()).catch((error: unknown) => {
          if (ViperError.isInstance(error)) throw error;
        });
      }
    },
    async showEvents(onNotice) {
      for (const message of await guard(runEvents(redis, runId))) {
        if (shownEvents.has(message)) continue;
        shownEvents.add(message);
        onNotice(message);
      }
    },
    recorded: () => recorded,
    workerSlots: () => (workers.size === 0 ? undefined : [...workers.values()].reduce((sum, slots) => sum + slots, 0)),
  };
}

/** Adds a job per item (an item already queued is left as it is); an unreadable picture is rejected instead. */
async function enqueue(options: { queue: Queue; runId: string; items: readonly QueuedItem[]; reject: RunQueuedOptions["reject"]; signal?: AbortSignal }): Promise<void> {
  const { queue, runId, items, reject, signal } = options;
  for (let start = 0; start < items.length && !signal?.aborted; start += ADD_CHUNK) {
    const jobs = [];
    for (const item of items.slice(start, start + ADD_CHUNK)) {
      try {
        const data = await item.job();
        jobs.push({ name: data.kind, data, opts: { ...JOB_OPTIONS, jobId: jobIdFor(runId, item.key) } });
      } catch (error) {
        if (!ViperError.hasCode(error, "IMAGE_INVALID")) throw error;
        await reject(item.key, error);
      }
    }
    await queue.addBulk(jobs);
  }
}

/**
 * Nothing arrived for a while: make sure the run and its jobs still exist (a Redis restarted without
 * persistence loses them; a job whose answer was begun before --fresh finished without a result), and say
 * so when no worker is connected at all.
 */
async function whenIdle(options: {
  queue: Queue;
  link: RedisLink;
  runId: string;
  kind: RunQueuedOptions["kind"];
  fields?: Readonly<Record<string, string>>;
  items: readonly QueuedItem[];
  reject: RunQueuedOptions["reject"];
  onNotice: (message: string) => void;
}): Promise<void> {
  const { queue, link, runId, kind, fields, items, reject, onNotice } = options;
  if ((await runGeneration(link.redis, runId)) === undefined) await openRun(link.redis, { runId, kind, fields, fresh: false });
  await enqueue({ queue, runId, items, reject });
  if ((await queue.getWorkersCount()) === 0) {
    onNotice(`queue: no worker is connected to ${link.address.display}; start one with: viper worker --queue ${link.address.display}`);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
