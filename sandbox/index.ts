export { isPatchBox, type PatchBox, type ProgramAnswer } from "./answer.ts";
export { DEFAULT_POLICY, resolvePolicy, type SandboxPolicy } from "./policy.ts";
export { releaseSpareIsolate } from "./isolate-supply.ts";
export { runProgram, type ProgramRun, type ProgramTimings, type RunProgramOptions } from "./run-program.ts";
export type { AsyncToolName, PatchDescriptor, SyncToolName, ToolCallDetails, ToolHost, ToolValue } from "./tool-host.ts";
export { summarizeResult, toTraceValue, type TraceEntry, type TraceValue } from "./trace.ts";
export { transpileProgram, type TranspiledProgram } from "./transpile.ts";
export {
  createProcessPool,
  releaseProcessPool,
  runIsolated,
  sharedProcessPool,
  type ProcessPool,
  type ProcessPoolOptions,
  type SandboxIsolation,
} from "./process-pool/index.ts";
