import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { answererForApproach } from "../../src/cli/eval-approach.ts";
import { withLimitFlags } from "../../src/cli/limit-options.ts";
import { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from "../../src/queue/index.ts";
import { createPerception } from "../../src/tools/create-perception.ts";

/** A queue worker in the test's own process, answering with the offline default perception. */
export interface InProcessWorker {
  readonly worker: QueueWorker;
  /** Closes the worker (finishing its jobs) and frees its perception. */
  close(): Promise<void>;
}

/** Starts a worker in this process, as `viper worker` does, with the offline default perception. */
export async function startInProcessWorker(options: Omit<QueueWorkerOptions, "perception" | "answererFor">): Promise<InProcessWorker> {
  const perception = await createPerception();
  const worker = await startQueueWorker({ ...options, perception, answererFor: async (approach) => answererForApproach({ approach, perception }), mapError: withLimitFlags });
  return {
    worker,
    async close() {
      await worker.close();
      await worker.stopped.catch(() => undefined);
      await perception.dispose();
    },
  };
}

/** A `viper worker` process: the real command in its own process, which a test may kill. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** What it printed on stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
}

const MAIN = join(import.meta.dirname, "../../src/cli/main.ts");

/**
 * Spawns `viper worker --queue <url> --name <name> ...args` in a session of its own, as a service runs
 * (Linux shares CPU time fairly between sessions when autogroup scheduling is on, so workers started in the
 * caller's session would share its one share), and waits until it takes jobs.
 */
export async function spawnWorker(options: { url: string; name: string; args?: readonly string[] }): Promise<WorkerProcess> {
  const { url, name, args = [] } = options;
  const child = spawn(process.execPath, ["--no-node-snapshot", "--disable-warning=ExperimentalWarning", MAIN, "worker", "--queue", url, "--name", name, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  for (let waited = 0; !stderr.includes("taking jobs"); waited += 50) {
    if (child.exitCode !== null || waited > 60_000) throw new Error(`viper worker ${name} did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, name, stderr: () => stderr, exited };
}

/** Polls `condition` every 50 ms until it holds; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 50) {
    if (waited > timeoutMs) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
