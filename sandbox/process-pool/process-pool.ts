import { ViperError } from "../../src/errors/index.ts";
import { resolvePolicy } from "../policy.ts";
import type { ProgramRun, RunProgramOptions } from "../run-program.ts";
import { ProcessRunFailure, startSandboxProcess, type ProcessRunResult, type SandboxProcess } from "./pool-process.ts";

/** Options for {@link createProcessPool}. */
export interface ProcessPoolOptions {
  /**
   * Most sandbox processes, so most programs running at once; further runs wait in line (first come,
   * first served). Each idle process holds about 50 MB.
   * @defaultValue 2
   */
  readonly maxProcesses?: number;
  /**
   * Processes started ahead of need and kept ready (within maxProcesses), so a run does not wait for
   * one to start (0.1–0.5 s): the pool starts them when created and again when a run takes one.
   * @defaultValue 1
   */
  readonly idleProcesses?: number;
  /**
   * A process whose resident memory is above this after a run is replaced (memory a hostile run made
   * the allocator keep).
   * @defaultValue 384
   */
  readonly recycleRssMb?: number;
}

/**
 * Runs programs in child processes, one program per process at a time, so that a program that makes
 * V8 abort takes down only its own process. Tool calls are answered here, by each run's ToolHost: models
 * and images stay loaded once, in this process.
 */
export interface ProcessPool {
  /**
   * Runs a program in a sandbox process: the same contract, limits and error codes as `runProgram`,
   * plus SANDBOX_CRASHED when the process dies (V8 abort, out of memory, a signal). The dead process
   * is replaced; other runs do not notice.
   */
  run(options: RunProgramOptions): Promise<ProgramRun>;
  /** Ends every process; runs still waiting for one fail with CONFIG_INVALID. */
  dispose(): Promise<void>;
}

/** Failures after which a process is replaced rather than reused: it may still be busy or bloated. */
const REPLACE_AFTER: ReadonlySet<string> = new Set(["SANDBOX_CPU", "SANDBOX_TIMEOUT", "SANDBOX_MEMORY", "SANDBOX_CRASHED"]);

/** A run waiting for a free process. */
interface Waiting {
  readonly take: (process: SandboxProcess) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Creates a pool of sandbox processes (isolates inside child processes started with
 * --no-node-snapshot). Dispose it when done; idle processes never keep Node running.
 * @throws ViperError CONFIG_INVALID when an option is not a whole number in range.
 */
export function createProcessPool(options: ProcessPoolOptions = {}): ProcessPool {
  const maxProcesses = wholeNumber("maxProcesses", options.maxProcesses ?? 2, 1);
  const idleProcesses = Math.min(wholeNumber("idleProcesses", options.idleProcesses ?? 1, 0), maxProcesses);
  const recycleRssMb = wholeNumber("recycleRssMb", options.recycleRssMb ?? 384, 64);
  const processes = new Set<SandboxProcess>();
  const starting = new Set<SandboxProcess>();
  const idle: SandboxProcess[] = [];
  const waiting: Waiting[] = [];
  let disposed = false;

  function start(): void {
    const started = startSandboxProcess({
      onExit: (process) => {
        const wasStarting = starting.delete(process);
        processes.delete(process);
        remove(idle, process);
        // A process that died after starting is replaced; one that could not start is not retried in
        // a loop: the runs waiting for it fail instead (below).
        if (!disposed && !wasStarting) keepWarm();
      },
    });
    processes.add(started);
    starting.add(started);
    started.ready.then(
      () => {
        starting.delete(started);
        release(started);
      },
      (error: unknown) => {
        for (const entry of waiting.splice(0)) entry.reject(new ProcessRunFailure(error, null));
      },
    );
  }

  /**
   * Starts processes (within maxProcesses) until the idle and starting ones cover the runs in line, or
   * `idleProcesses` if that is more; starting processes keep Node running while a run waits for one.
   */
  function keepWarm(): void {
    while (idle.length + starting.size < Math.max(idleProcesses, waiting.length) && processes.size < maxProcesses) start();
    for (const process of starting) process.hold(waiting.length > 0);
  }

  /** A ready process is free: the first run in line takes it, or it waits idle. */
  function release(process: SandboxProcess): void {
    process.hold(false);
    if (process.exited || disposed) return;
    const next = waiting.shift();
    if (next === undefined) idle.push(process);
    else next.take(process);
  }

  function acquire(signal: AbortSignal | undefined): Promise<SandboxProcess> {
    const free = idle.shift();
    if (free !== undefined) {
      keepWarm();
      return Promise.resolve(free);
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        remove(waiting, entry);
        reject(signal?.reason);
      };
      const entry: Waiting = {
        reject: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
        take: (process) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(process);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      waiting.push(entry);
      keepWarm();
    });
  }

  async function runOnce(options: RunProgramOptions): Promise<ProcessRunResult> {
    const policy = resolvePolicy(options.policy);
    options.signal?.throwIfAborted();
    const process = await acquire(options.signal);
    return process.run({ source: options.source, host: options.host, policy, signal: options.signal }).then(
      (result) => {
        if (result.rssMb > recycleRssMb) void retire(process);
        else release(process);
        return result;
      },
      (failure: ProcessRunFailure) => {
        const replace = failure.rssMb === null || failure.rssMb > recycleRssMb ||
          (ViperError.isInstance(failure.error) && REPLACE_AFTER.has(failure.error.code));
        if (replace) void retire(process);
        else release(process);
        throw failure;
      },
    );
  }

  keepWarm();

  async function retire(process: SandboxProcess): Promise<void> {
    remove(idle, process);
    await process.kill();
  }

  return {
    async run(options) {
      if (disposed) throw disposedError();
      try {
        return (await runOnce(options)).run;
      } catch (error) {
        throw error instanceof ProcessRunFailure ? error.error : error;
      }
    },
    async dispose() {
      disposed = true;
      for (const entry of waiting.splice(0)) entry.reject(disposedError());
      idle.length = 0;
      await Promise.all([...processes].map((process) => process.kill()));
    },
  };
}

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

function disposedError(): ViperError {
  return new ViperError({ code: "CONFIG_INVALID", message: "The process pool was disposed; create a new one to run more programs.", details: {} });
}

function wholeNumber(option: string, value: number, minimum: number): number {
  if (Number.isSafeInteger(value) && value >= minimum) return value;
  throw new ViperError({
    code: "CONFIG_INVALID",
    message: `Process pool option ${option} must be a whole number >= ${minimum}, got ${String(value)}.`,
    details: { option, value: String(value), minimum },
  });
}
