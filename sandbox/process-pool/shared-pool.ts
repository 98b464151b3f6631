import { createProcessPool, type ProcessPool, type ProcessPoolOptions } from "./process-pool.ts";

let shared: ProcessPool | undefined;

/**
 * The process-wide pool behind `isolation: "process"`, created on first use (with `options`, or the
 * defaults; later calls get the same pool whatever their options). Its idle processes do not keep Node
 * running; at exit they see the parent go and end themselves.
 */
export function sharedProcessPool(options?: ProcessPoolOptions): ProcessPool {
  shared ??= createProcessPool(options);
  return shared;
}

/** Disposes the process-wide pool (if it was created); the next `isolation: "process"` run makes a new one. */
export async function releaseProcessPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.dispose();
}
