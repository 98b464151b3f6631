import { hostname } from "node:os";
import type { SandboxIsolation } from "../../sandbox/index.ts";
import { WaitingError, Worker, type Job } from "bullmq";
import { ViperError } from "../errors/index.ts";
import { parseSandboxPolicy, type EvalApproach } from "../eval/approach.ts";
import type { QuestionAnswerer } from "../eval/question-answerer.ts";
import type { PerceptionBackends } from "../mllm/capabilities.ts";
import { answerJob, createJobContext, type BatchProgram, type JobContext } from "./answer-job.ts";
import { JOB_FORMAT, jobKey, parseQueueJob, type QueueJob } from "./job-format.ts";
import { BATCH_FIELDS } from "./queue-batch-runner.ts";
import { QUEUE_NAME } from "./queue-keys.ts";
import { openRedisLink, type RedisLink } from "./redis-link.ts";
import { checkQueueFormat, hasResult, postRunEvent, runFields, runGeneration, storeResult, type StoreOutcome } from "./run-store.ts";

/** Options for {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  /** The queue's Redis, `redis://host:port[/db]`. */
  readonly url: string;
  /** Answers questions' pictures and runs batch programs: this machine's own back-ends. */
  readonly perception: PerceptionBackends;
  /** Makes the answerer of an approach a job asks for (once per approach); a set-up error stops the worker. */
  readonly answererFor: (approach: EvalApproach) => Promise<QuestionAnswerer>;
  /**
   * Jobs answered at the same time.
   * @defaultValue 1
   */
  readonly concurrency?: number;
  /**
   * This machine's copy of the producer's data root: picture files are read under it.
   * @defaultValue "/"
   */
  readonly dataRoot?: string;
  /**
   * Names the worker in the queue (BullMQ's worker name, shown on its jobs) and in the producer's messages.
   * @defaultValue "<host name>:<process id>"
   */
  readonly name?: string;
  /**
   * How long a job stays with a worker that stopped renewing its lock (killed, crashed machine) before the
   * stalled-job check gives it to another: BullMQ's lockDuration and stalledInterval.
   * @defaultValue 30000
   */
  readonly stallTimeoutMs?: number;
  /**
   * How long Redis may stay unreachable before the worker stops with QUEUE_UNREACHABLE.
   * @defaultValue 30000
   */
  readonly timeoutMs?: number;
  /** Rewrites a batch run's error before it is recorded (the CLI names the flag of a tripped limit). @defaultValue unchanged */
  readonly mapError?: (error: unknown) => unknown;
  /**
   * Where batch jobs' programs run (question jobs run where `answererFor`'s agent runs them).
   * @defaultValue "in-process"
   */
  readonly isolation?: SandboxIsolation;
  /** Told about every job the worker finished with. */
  readonly onJob?: (event: WorkerJobEvent) => void;
}

/** What became of one job. */
export interface WorkerJobEvent {
  readonly kind: QueueJob["kind"];
  readonly key: string;
  /**
   * "stored": answered and recorded; "duplicate": another worker recorded it first; "no-run": its run is
   * finished or gone; "requeued": put back for another worker or a newer generation of its run.
   */
  readonly outcome: StoreOutcome | "no-run" | "requeued";
}

/** A running worker. */
export interface QueueWorker {
  readonly name: string;
  /** The queue's Redis URL without its password, for messages. */
  readonly queue: string;
  /**
   * Settles when the worker has stopped: resolves after {@link QueueWorker.close}, rejects with what stopped
   * it otherwise (QUEUE_UNREACHABLE, QUEUE_VERSION_MISMATCH, or a set-up error such as MODEL_NOT_FOUND or
   * QUEUE_IMAGE_UNAVAILABLE, whose job went back to the queue).
   */
  readonly stopped: Promise<void>;
  /**
   * Stops taking jobs and closes. Jobs under way are finished first, unless `force`: then they are
   * abandoned and other workers retry them after the stall timeout.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

/** A job's lock may be lost this many times (its worker died) before the job is given up as failed. */
const MAX_STALLED_COUNT = 2;
/** Longest wait for BullMQ to close when Redis does not answer. */
const CLOSE_TIMEOUT_MS = 5000;

/**
 * Starts `viper worker`: takes jobs from the queue, `concurrency` at a time, answers each with this
 * machine's perception exactly as a local run would, and stores the record in the job's run (once per
 * question, whichever worker gets there first). A worker that dies mid-job leaves the job locked until the
 * lock runs out; the stalled-job check of any other worker then puts it back. A set-up error (a model that
 * is missing, a picture not under this worker's data root) puts the job back and stops this worker.
 * @throws ViperError QUEUE_URL_INVALID, QUEUE_UNREACHABLE, QUEUE_VERSION_MISMATCH before any job is taken.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const { url, perception, answererFor, concurrency = 1, dataRoot = "/", name = `${hostname()}:${process.pid}`, stallTimeoutMs = 30_000, timeoutMs, mapError, isolation, onJob } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `--concurrency must be a whole number ≥ 1; got ${concurrency}.`, details: { option: "--concurrency", concurrency } });
  }
  const link = await openRedisLink({ url, timeoutMs });
  try {
    await link.guard(checkQueueFormat(link.redis));
  } catch (error) {
    await link.close();
    throw error;
  }
  const readBatchProgram = async (runId: string): Promise<BatchProgram | undefined> => {
    const [source, policy] = await link.guard(runFields(link.redis, runId, [BATCH_FIELDS.program, BATCH_FIELDS.policy]));
    return source === undefined ? undefined : { source, policy: parseSandboxPolicy(JSON.parse(policy ?? "{}")) ?? {} };
  };
  const context = createJobContext({ perception, answererFor, readBatchProgram, mapError, isolation, dataRoot, keptImages: Math.max(4, 2 * concurrency) });
  let stopError: unknown;
  let closing: Promise<void> | undefined;
  const stopOn = (error: unknown): void => {
    stopError ??= error;
    void close({ force: ViperError.hasCode(error, "QUEUE_UNREACHABLE") });
  };
  const processor = (job: Job, token?: string, signal?: AbortSignal) =>
    processJob({ job, token, signal: signal ?? new AbortController().signal, link, context, name, concurrency, stopping: () => closing !== undefined, stopOn, onJob });
  const worker = new Worker(QUEUE_NAME, processor, {
    connection: link.redis,
    concurrency,
    name,
    lockDuration: stallTimeoutMs,
    stalledInterval: stallTimeoutMs,
    maxStalledCount: MAX_STALLED_COUNT,
  });
  // BullMQ reports connection trouble and lost locks as events: the link's watchdog decides when Redis is
  // gone, and a lost lock only means another worker answers too (the first result stored counts).
  worker.on("error", () => undefined);
  link.lost.catch(stopOn);
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const stopped = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  stopped.catch(() => undefined);
  const close = (closeOptions: { force?: boolean } = {}): Promise<void> => {
    closing ??= (async () => {
      await Promise.race([worker.close(closeOptions.force === true).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())]);
      await link.close();
      if (stopError === undefined) settle!.resolve();
      else settle!.reject(stopError);
    })();
    return closing;
  };
  return { name, queue: link.address.display, stopped, close };
}

/** Answers one BullMQ job and stores its record; puts the job back (WaitingError) when this worker must not answer it. */
async function processJob(options: {
  job: Job;
  token: string | undefined;
  signal: AbortSignal;
  link: RedisLink;
  context: JobContext;
  name: string;
  concurrency: number;
  stopping: () => boolean;
  stopOn: (error: unknown) => void;
  onJob?: (event: WorkerJobEvent) => void;
}): Promise<string> {
  const { job, token, signal, link, context, name, concurrency, stopping, stopOn, onJob } = options;
  const { redis, guard } = link;
  const putBack = async (data?: QueueJob): Promise<never> => {
    await guard(job.moveToWait(token));
    if (data !== undefined) onJob?.({ kind: data.kind, key: jobKey(data), outcome: "requeued" });
    throw new WaitingError();
  };
  if (stopping()) return putBack();
  let data: QueueJob;
  try {
    data = parseQueueJob(job.data);
  } catch (error) {
    if (!ViperError.hasCode(error, "QUEUE_VERSION_MISMATCH")) throw error;
    await reportStop({ link, runId: (job.data as { run?: unknown } | undefined)?.run, name, error });
    stopOn(error);
    return putBack();
  }
  const key = jobKey(data);
  const finish = (outcome: WorkerJobEvent["outcome"]): string => {
    onJob?.({ kind: data.kind, key, outcome });
    return outcome;
  };
  const generation = await guard(runGeneration(redis, data.run));
  if (generation === undefined) return finish("no-run");
  if (await guard(hasResult(redis, { runId: data.run, key }))) return finish("duplicate");
  const answer = await answerJob({ job: data, context, signal });
  if (answer === undefined) return putBack(data);
  if (answer === "no-run") return finish("no-run");
  if ("setupError" in answer) {
    await reportStop({ link, runId: data.run, name, error: answer.setupError });
    stopOn(answer.setupError);
    return putBack(data);
  }
  const trace = data.kind === "eval-question" && data.wantTrace ? { trace: answer.trace } : {};
  const result = { format: JOB_FORMAT, record: answer.record, ...trace, worker: { name, concurrency } } as const;
  const outcome = await guard(storeResult(redis, { runId: data.run, generation, key, result }));
  // Begun before the run was restarted with --fresh: the question is still wanted, answered afresh.
  if (outcome === "stale" && (await guard(runGeneration(redis, data.run))) !== undefined) return putBack(data);
  return finish(outcome);
}

/** Tells the job's producer (through the run's events) that this worker stopped, and why. */
async function reportStop(options: { link: RedisLink; runId: unknown; name: string; error: unknown }): Promise<void> {
  const { link, runId, name, error } = options;
  if (typeof runId !== "string") return;
  const why = ViperError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
  await link.guard(postRunEvent(link.redis, { runId, message: `queue: worker ${name} stopped and put its job back: ${why}` }));
}
