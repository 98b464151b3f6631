import type { SandboxPolicy } from "../policy.ts";
import type { ProgramRun } from "../run-program.ts";
import type { AsyncToolName, PatchDescriptor, SyncToolName, ToolCallDetails, ToolValue } from "../tool-host.ts";

/**
 * The messages between the pool (parent) and a sandbox process (child), over Node's IPC channel as
 * JSON. One child runs one program at a time; `runId` ties every message to its run.
 */

/** An error as it crosses the IPC channel. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** The ViperError code, when it is one. */
  readonly code?: string;
  readonly details?: Record<string, unknown>;
  /**
   * The tool call (parent's id) whose error this is or was caused by: the parent puts the original
   * error object back (as the error itself when `isToolError`, else as its cause).
   */
  readonly toolCallId?: number;
  /** True when this is the tool's error itself, passed through unchanged (a host error that is not a ViperError). */
  readonly isToolError?: boolean;
}

/** Parent → child. A tool's reply carries what the host reported about serving the call (the trace's `details`). */
export type ParentMessage =
  | { readonly type: "run"; readonly runId: number; readonly source: string; readonly policy: SandboxPolicy; readonly root: PatchDescriptor }
  | { readonly type: "cancel"; readonly runId: number }
  | { readonly type: "tool-reply"; readonly runId: number; readonly callId: number; readonly value: ToolValue; readonly details?: ToolCallDetails }
  | {
    readonly type: "tool-failure";
    readonly runId: number;
    readonly callId: number;
    readonly error: SerializedError;
    readonly details?: ToolCallDetails;
  };

/** Child → parent. */
export type ChildMessage =
  | { readonly type: "ready" }
  | {
    readonly type: "tool-call";
    readonly runId: number;
    readonly callId: number;
    readonly tool: AsyncToolName | SyncToolName;
    readonly target: number | null;
    readonly args: ToolValue[];
  }
  | { readonly type: "run-answer"; readonly runId: number; readonly run: ProgramRun; readonly rssMb: number }
  | { readonly type: "run-failure"; readonly runId: number; readonly error: SerializedError; readonly cancelled: boolean; readonly rssMb: number };
