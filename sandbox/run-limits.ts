import type ivm from "isolated-vm";
import { ViperError } from "../src/errors/index.ts";
import type { SandboxPolicy } from "./policy.ts";

/** Options for {@link startWatchdog}. */
export interface WatchdogOptions {
  readonly isolate: ivm.Isolate;
  readonly policy: SandboxPolicy;
  readonly signal?: AbortSignal | undefined;
}

/** Enforces the wall-clock, CPU and cancellation limits of one run from the host side. */
export interface Watchdog {
  /** Settles like `work`, unless a limit trips first: then rejects with that limit's error. */
  race<T>(work: Promise<T>): Promise<T>;
  /** Ends the run now with `error` (used by the bridge when a tool-call limit is broken). */
  fail(error: unknown): void;
  /** True when the watchdog disposed the isolate (so a disposal seen elsewhere was not the memory limit). */
  readonly disposedIsolate: boolean;
  /** Clears the timers; call in every path. */
  stop(): void;
}

/**
 * Starts the limits that the isolate cannot enforce on itself: isolated-vm's `timeout` stops only
 * synchronous code, not a program that awaits forever or loops after an `await`, so the host keeps a
 * wall-clock timer, polls `isolate.cpuTime`, listens to the abort signal, and disposes the isolate when
 * one trips (disposing terminates whatever the isolate is running).
 */
export function startWatchdog({ isolate, policy, signal }: WatchdogOptions): Watchdog {
  let rejectLimit: (error: unknown) => void = () => {};
  const limitReached = new Promise<never>((_resolve, reject) => {
    rejectLimit = reject;
  });
  limitReached.catch(() => {});
  let tripped = false;
  let disposedIsolate = false;
  const cpuBudgetNs = BigInt(policy.cpuTimeMs) * 1_000_000n;

  function trip(error: unknown): void {
    if (tripped) return;
    tripped = true;
    if (!isolate.isDisposed) {
      disposedIsolate = true;
      isolate.dispose();
    }
    rejectLimit(error);
  }

  const wallTimer = setTimeout(() => {
    trip(new ViperError({
      code: "SANDBOX_TIMEOUT",
      message: `The program ran longer than ${policy.wallTimeoutMs} ms and was stopped. Look for a promise that never settles or a loop that never ends, or raise wallTimeoutMs.`,
      details: { wallTimeoutMs: policy.wallTimeoutMs },
    }));
  }, policy.wallTimeoutMs);
  const cpuTimer = setInterval(() => {
    if (isolate.isDisposed || isolate.cpuTime <= cpuBudgetNs) return;
    trip(new ViperError({
      code: "SANDBOX_CPU",
      message: `The program used more than ${policy.cpuTimeMs} ms of CPU time and was stopped. Look for an endless loop, or raise cpuTimeMs.`,
      details: { cpuTimeMs: policy.cpuTimeMs },
    }));
  }, policy.cpuPollIntervalMs);
  const onAbort = () => trip(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();

  return {
    race<T>(work: Promise<T>): Promise<T> {
      work.catch(() => {}); // once a limit has won, the disposed isolate's rejection is expected
      return Promise.race([work, limitReached]);
    },
    fail: trip,
    get disposedIsolate() {
      return disposedIsolate;
    },
    stop() {
      clearTimeout(wallTimer);
      clearInterval(cpuTimer);
      signal?.removeEventListener("abort", onAbort);
    },
  };
}
