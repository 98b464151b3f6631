/** The BullMQ queue every viper-ts producer and worker on one Redis database shares (keys `bull:viper:*`). */
export const QUEUE_NAME = "viper";

/** Hash holding the queue's job format, written by the first producer, checked by everyone else. */
export const QUEUE_META_KEY = "viper:queue";

/** The Redis keys of one run (one evaluation or batch, identified by what it computes and where it writes). */
export interface RunKeys {
  /** Hash: format, generation, kind, description, and for a batch the program. */
  readonly meta: string;
  /** Hash: a stored result per question id or image key, until the producer has written it to its file. */
  readonly results: string;
  /** List: what workers want the producer to show (a worker that stopped on a set-up error). */
  readonly events: string;
}

/** The keys of run `runId`. */
export function runKeys(runId: string): RunKeys {
  return { meta: `viper:run:${runId}`, results: `viper:run:${runId}:results`, events: `viper:run:${runId}:events` };
}

/**
 * The BullMQ job id of a question or picture: the run id, a dot, and the question's id (or the picture's
 * key), so adding it again while it is queued adds nothing. BullMQ refuses ":" in ids, so "%" and ":" are
 * written %25 and %3A.
 */
export function jobIdFor(runId: string, key: string): string {
  return `${runId}.${key.replaceAll("%", "%25").replaceAll(":", "%3A")}`;
}

/** The question id or picture key of a job of run `runId` (the inverse of {@link jobIdFor}), or undefined for another run's job. */
export function keyOfJobId(runId: string, jobId: string): string | undefined {
  if (!jobId.startsWith(`${runId}.`)) return undefined;
  return jobId.slice(runId.length + 1).replaceAll("%3A", ":").replaceAll("%25", "%");
}
