export { runIsolated, type SandboxIsolation } from "./isolation.ts";
export { createProcessPool, type ProcessPool, type ProcessPoolOptions } from "./process-pool.ts";
export { releaseProcessPool, sharedProcessPool } from "./shared-pool.ts";
