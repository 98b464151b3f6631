import { ViperError } from "../../src/errors/index.ts";
import { runProgram, type ProgramRun, type RunProgramOptions } from "../run-program.ts";
import type { ProcessPool } from "./process-pool.ts";
import { sharedProcessPool } from "./shared-pool.ts";

/**
 * Where programs run: `"in-process"`, in an isolate of this process (fastest; a program that makes V8
 * abort takes this process down); `"process"`, in the process-wide pool of sandbox processes (crash
 * isolation, docs/SANDBOX.md); or a given {@link ProcessPool}.
 */
export type SandboxIsolation = "in-process" | "process" | ProcessPool;

/**
 * Runs a program with the chosen isolation.
 * @throws the errors of runProgram, SANDBOX_CRASHED in a process pool, CONFIG_INVALID for an unknown isolation.
 */
export function runIsolated(isolation: SandboxIsolation | undefined, options: RunProgramOptions): Promise<ProgramRun> {
  if (isolation === undefined || isolation === "in-process") return runProgram(options);
  if (isolation === "process") return sharedProcessPool().run(options);
  if (typeof isolation === "object" && isolation !== null && typeof isolation.run === "function") return isolation.run(options);
  return Promise.reject(new ViperError({
    code: "CONFIG_INVALID",
    message: `isolation must be "in-process", "process" or a ProcessPool, got ${typeof isolation === "string" ? JSON.stringify(isolation) : typeof isolation}.`,
    details: { isolation: String(isolation) },
  }));
}
