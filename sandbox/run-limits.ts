import type ivm from "isolated-vm";
import { ViperError } from "../src/errors/index.ts";
import type { DeadlockWatch } from "./deadlock-watch.ts";
import { hostActivity } from "./host-activity.ts";
import type { SandboxPolicy } from "./policy.ts";

/** Options for {@link startWatchdog}. */
export interface WatchdogOptions {
  readonly isolate: ivm.Isolate;
  readonly policy: SandboxPolicy;
  readonly signal?: AbortSignal | undefined;
}

/** Enforces the wall-clock, CPU, process-memory, deadlock and cancellation limits of one run from the host side. */
export interface Watchdog {
  /** Settles like `work`, unless a limit trips first: then rejects with that limit's error. */
  race<T>(work: Promise<T>): Promise<T>;
  /** Ends the run now with `error` (a broken tool-call limit, a deadlock). */
  fail(error: unknown): void;
  /** Polls `watch` with the CPU budget from now on (once execute_command runs). */
  watchDeadlock(watch: DeadlockWatch): void;
  /** True when the watchdog disposed the isolate (so a disposal seen elsewhere was not the memory limit). */
  readonly disposedIsolate: boolean;
  /** Clears the timers; call in every path. */
  stop(): void;
}

const MEGABYTE = 1024 * 1024;

/**
 * Starts the limits that the isolate cannot enforce on itself: isolated-vm's `timeout` stops only
 * synchronous code, not a program that awaits forever or loops after an `await`, so the host keeps a
 * wall-clock timer, polls `isolate.cpuTime` and the process's resident memory, listens to the abort
 * signal, and disposes the isolate when one trips (disposing terminates whatever the isolate is running).
 */
export function startWatchdog({ isolate, policy, signal }: WatchdogOptions): Watchdog {
  let rejectLimit: (error: unknown) => void = () => {};
  const limitReached = new Promise<never>((_resolve, reject) => {
    rejectLimit = reject;
  });
  limitReached.catch(() => {});
  let tripped = false;
  let disposedIsolate = false;
  let deadlockWatch: DeadlockWatch | undefined;
  const cpuBudgetNs = BigInt(policy.cpuTimeMs) * 1_000_000n;
  const memory = processMemoryWatch();

  function trip(error: unknown): void {
    if (tripped) return;
    tripped = true;
    deadlockWatch?.stop();
    if (!isolate.isDisposed) {
      disposedIsolate = true;
      isolate.dispose();
    }
    rejectLimit(error);
  }

  const wallTimer = setTimeout(() => {
    trip(new ViperError({
      code: "SANDBOX_TIMEOUT",
      message: `The program ran longer than ${policy.wallTimeoutMs} ms and was stopped. Look for a loop that never ends or a tool that never answers, or raise wallTimeoutMs.`,
      details: { wallTimeoutMs: policy.wallTimeoutMs },
    }));
  }, policy.wallTimeoutMs);
  const pollTimer = setInterval(() => {
    if (isolate.isDisposed) return;
    if (isolate.cpuTime > cpuBudgetNs) {
      trip(new ViperError({
        code: "SANDBOX_CPU",
        message: `The program used more than ${policy.cpuTimeMs} ms of CPU time and was stopped. Look for an endless loop, or raise cpuTimeMs.`,
        details: { cpuTimeMs: policy.cpuTimeMs },
      }));
      return;
    }
    const grownMb = memory.grownMb();
    if (grownMb > policy.processMemoryMb) {
      trip(new ViperError({
        code: "SANDBOX_MEMORY",
        message: `The program made the process's memory grow by ${Math.round(grownMb)} MB (outside the isolate's heap: huge string copies, locale data) and was stopped; the limit is ${policy.processMemoryMb} MB. Work on smaller strings and arrays, or raise processMemoryMb (by default 4 × memoryLimitMb, at least 256).`,
        details: { processMemoryMb: policy.processMemoryMb, grownMb: Math.round(grownMb) },
      }));
      return;
    }
    deadlockWatch?.poll();
  }, policy.cpuPollIntervalMs);
  const onAbort = () => trip(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();

  return {
    race<T>(work: Promise<T>): Promise<T> {
      const settled = () => deadlockWatch?.stop();
      work.then(settled, settled); // once a limit has won, the disposed isolate's rejection is expected
      return Promise.race([work, limitReached]);
    },
    fail: trip,
    watchDeadlock(watch) {
      deadlockWatch = watch;
      if (tripped) watch.stop();
    },
    get disposedIsolate() {
      return disposedIsolate;
    },
    stop() {
      clearTimeout(wallTimer);
      clearInterval(pollTimer);
      deadlockWatch?.stop();
      signal?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * How much the process's RSS grew that the program is to blame for: measured from the run's start, and
 * from the current RSS again at every poll where a tool call in this process was working or had settled
 * since the last poll (a model that loads or decodes is not the program's doing).
 */
function processMemoryWatch(): { grownMb(): number } {
  let baselineBytes = process.memoryUsage.rss();
  let settledBefore = hostActivity().settledCalls;
  return {
    grownMb() {
      const rssBytes = process.memoryUsage.rss();
      const { callsInFlight, settledCalls } = hostActivity();
      if (callsInFlight > 0 || settledCalls !== settledBefore) {
        settledBefore = settledCalls;
        baselineBytes = rssBytes;
        return 0;
      }
      return (rssBytes - baselineBytes) / MEGABYTE;
    },
  };
}
