import { ViperError } from "../errors/index.ts";

/** Options for {@link createRunSlots}. */
export interface RunSlotsOptions {
  /** Requests that run at once. */
  readonly concurrency: number;
  /** Requests that may wait for a slot; one more is refused with SERVER_BUSY. */
  readonly queueSize: number;
}

/** A place taken in the run slots: `ready` settles when the request may run; `release` gives the place back. */
export interface SlotReservation {
  /** Resolves when a slot is free for this request. */
  readonly ready: Promise<void>;
  /** Frees the slot (or the queue place, if the request never ran). Safe to call more than once. */
  release(): void;
}

/** Counts of the slots, for health reports. */
export interface SlotCounts {
  readonly running: number;
  readonly queued: number;
}

/** Bounded concurrency for a server: a fixed number of run slots and a bounded first-in-first-out queue. */
export interface RunSlots {
  /**
   * Takes a slot, or a queue place when every slot is busy.
   * @throws ViperError SERVER_BUSY (details.retryAfterSeconds) when the queue is full too; SERVER_CLOSING after close().
   */
  reserve(): SlotReservation;
  counts(): SlotCounts;
  /** Refuses new reservations; resolves when every reserved request has released its place. */
  close(): Promise<void>;
}

/** The figure a busy server gives in Retry-After when it has no run times yet, in seconds. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;
/** How many recent run times the Retry-After estimate averages. */
const RECENT_RUNS = 20;

/** Creates {@link RunSlots}. */
export function createRunSlots({ concurrency, queueSize }: RunSlotsOptions): RunSlots {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `concurrency must be a whole number ≥ 1; got ${concurrency}.`, details: { concurrency } });
  }
  if (!Number.isInteger(queueSize) || queueSize < 0) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `queueSize must be a whole number ≥ 0; got ${queueSize}.`, details: { queueSize } });
  }
  let running = 0;
  const waiting: Array<() => void> = [];
  const recentRunMs: number[] = [];
  let closing = false;
  let drained: (() => void) | undefined;

  function startNext(): void {
    while (running < concurrency && waiting.length > 0) {
      running += 1;
      waiting.shift()!();
    }
    if (closing && running === 0 && waiting.length === 0) drained?.();
  }

  function retryAfterSeconds(): number {
    if (recentRunMs.length === 0) return DEFAULT_RETRY_AFTER_SECONDS;
    const meanMs = recentRunMs.reduce((sum, value) => sum + value, 0) / recentRunMs.length;
    // The queue ahead drains `concurrency` requests per mean run time.
    return Math.max(1, Math.ceil(((waiting.length + 1) * meanMs) / concurrency / 1000));
  }

  return {
    reserve() {
      if (closing) throw new ViperError({ code: "SERVER_CLOSING", message: "The server is shutting down and takes no new requests; retry on another instance or after it restarts.", details: {} });
      if (running >= concurrency && waiting.length >= queueSize) {
        const retryAfter = retryAfterSeconds();
        throw new ViperError({
          code: "SERVER_BUSY",
          message: `All ${concurrency} run slots and ${queueSize} queue places are taken; retry in ${retryAfter} s.`,
          details: { retryAfterSeconds: retryAfter, concurrency, queueSize },
        });
      }
      let state: "queued" | "running" | "released" = "queued";
      let startedMs = 0;
      let start!: () => void;
      const ready = new Promise<void>((resolve) => {
        start = () => {
          state = "running";
          startedMs = performance.now();
          resolve();
        };
      });
      if (running < concurrency) {
        running += 1;
        start();
      } else {
        waiting.push(start);
      }
      return {
        ready,
        release() {
          if (state === "released") return;
          if (state === "running") {
            running -= 1;
            recentRunMs.push(performance.now() - startedMs);
            if (recentRunMs.length > RECENT_RUNS) recentRunMs.shift();
          } else {
            waiting.splice(waiting.indexOf(start), 1);
          }
          state = "released";
          startNext();
        },
      };
    },
    counts: () => ({ running, queued: waiting.length }),
    close() {
      closing = true;
      return new Promise<void>((resolve) => {
        drained = resolve;
        startNext();
      });
    },
  };
}
