// A sandbox process of the pool (started by pool-process.ts with --no-node-snapshot). It runs one
// program at a time in an isolate, exactly as runProgram does in process, and asks its parent for every
// tool call: the models and the image stay in the parent. If V8 aborts here, only this process dies.
import { ViperError } from "../../src/errors/index.ts";
import { runProgram } from "../run-program.ts";
import type { AsyncToolName, PatchDescriptor, SyncToolName, ToolCallDetails, ToolHost, ToolValue } from "../tool-host.ts";
import { deserializeError, serializeError } from "./pool-errors.ts";
import type { ChildMessage, ParentMessage } from "./pool-messages.ts";

interface PendingCall {
  readonly resolve: (value: ToolValue) => void;
  readonly reject: (error: unknown) => void;
  /** Where the bridge wants what the parent's host reported about the call (its trace entry's details). */
  readonly report: ((details: ToolCallDetails) => void) | undefined;
}

/** Errors that came back from the parent's tools, with the id of their call (to hand back the original). */
const toolErrors = new WeakMap<object, number>();
const pendingCalls = new Map<number, PendingCall>();
let nextCallId = 1;
let current: { readonly runId: number; readonly controller: AbortController } | undefined;

function send(message: ChildMessage): void {
  process.send?.(message);
}

function rssMb(): number {
  return process.memoryUsage.rss() / (1024 * 1024);
}

/** The tool host a run here talks to: every call goes to the parent and waits for its reply. */
function remoteToolHost(runId: number, root: PatchDescriptor): ToolHost {
  const ask = (tool: AsyncToolName | SyncToolName, target: number | null, args: readonly ToolValue[], report?: (details: ToolCallDetails) => void) =>
    new Promise<ToolValue>((resolve, reject) => {
      const callId = nextCallId++;
      pendingCalls.set(callId, { resolve, reject, report });
      send({ type: "tool-call", runId, callId, tool, target, args: [...args] });
    });
  return { root, call: ask, callSync: ask };
}

/** The run's error as data, linked to the tool call it came from when there is one. */
function serializeRunError(error: unknown) {
  const ownCall = typeof error === "object" && error !== null ? toolErrors.get(error) : undefined;
  if (ownCall !== undefined) return serializeError(error, { toolCallId: ownCall, isToolError: true });
  const cause = ViperError.isInstance(error) ? error.cause : undefined;
  const causeCall = typeof cause === "object" && cause !== null ? toolErrors.get(cause) : undefined;
  return serializeError(error, causeCall === undefined ? {} : { toolCallId: causeCall });
}

async function runOne(message: Extract<ParentMessage, { type: "run" }>): Promise<void> {
  const { runId, source, policy, root } = message;
  const controller = new AbortController();
  current = { runId, controller };
  try {
    const run = await runProgram({ source, host: remoteToolHost(runId, root), policy, signal: controller.signal });
    send({ type: "run-answer", runId, run, rssMb: rssMb() });
  } catch (error) {
    const cancelled = controller.signal.aborted && error === controller.signal.reason;
    send({ type: "run-failure", runId, error: serializeRunError(error), cancelled, rssMb: rssMb() });
  } finally {
    current = undefined;
    for (const [callId, call] of pendingCalls) {
      pendingCalls.delete(callId);
      call.reject(new Error("The run ended before the tool answered."));
    }
  }
}

process.on("message", (message: ParentMessage) => {
  switch (message.type) {
    case "run":
      void runOne(message);
      break;
    case "cancel":
      if (current?.runId === message.runId) current.controller.abort(new Error("cancelled by the parent"));
      break;
    case "tool-reply":
    case "tool-failure": {
      const call = pendingCalls.get(message.callId);
      pendingCalls.delete(message.callId);
      if (message.details !== undefined) call?.report?.(message.details);
      if (message.type === "tool-reply") {
        call?.resolve(message.value);
        break;
      }
      const error = deserializeError(message.error);
      toolErrors.set(error, message.callId);
      call?.reject(error);
      break;
    }
  }
});
// The parent went away (it exited or killed the pool): nothing is left to answer the tools.
process.on("disconnect", () => process.exit(0));

/**
 * Gets the first run's one-off costs out of its way before saying ready: loading the type stripper,
 * compiling the prelude (and its code cache), the first pass through the run's code, and the spare
 * isolate for the next run. The pool starts processes ahead of need, so this happens while the parent loads its models.
 */
async function warmUp(): Promise<void> {
  const host: ToolHost = {
    root: { $patch: 1, left: 0, lower: 0, right: 1, upper: 1 },
    call: async () => null,
    callSync: () => null,
  };
  // The run prepares the spare isolate for the next one when it ends.
  await runProgram({ source: "async function execute_command(image: ImagePatch): Promise<Answer> { return image.width; }", host });
}

await warmUp();
send({ type: "ready" });
