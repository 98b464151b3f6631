import { ViperError } from "../src/errors/index.ts";
import type { PatchBox } from "./answer.ts";
import { BRIDGE_LIMITS, MAX_CALL_MESSAGE_LENGTH } from "./bridge-limits.ts";
import { isBridgeArgumentList, toBridgeResult } from "./bridge-values.ts";
import { hostCallStarted } from "./host-activity.ts";
import type { SandboxPolicy } from "./policy.ts";
import type { AsyncToolName, PatchDescriptor, SyncToolName, ToolCallDetails, ToolHost, ToolValue } from "./tool-host.ts";
import { summarizeResult, toTraceValue, type PendingTraceEntry, type TraceEntry } from "./trace.ts";

/** Options for {@link createBridgeHost}. */
export interface BridgeHostOptions {
  readonly host: ToolHost;
  readonly policy: SandboxPolicy;
  /** `performance.now()` when the run started; trace times are relative to it. */
  readonly runStartMs: number;
  /** Maps a "line:column" of the running JavaScript to the program's TypeScript line. */
  readonly toSourceLine: (line: number, column: number) => number | null;
  /** Called once when a call breaks a limit that ends the run (too many tool calls). */
  readonly onFatal: (error: ViperError) => void;
}

/**
 * The host half of the bridge for one run: reads each call message, validates it, enforces the
 * tool-call limit, records the trace and writes the reply. Nothing here throws into the isolate or
 * rejects: whatever a call message holds, the answer is a reply.
 */
export interface BridgeHost {
  /** Target of the isolate's async reference: one call (JSON text) → its reply (JSON text). Never rejects. */
  readonly callAsync: (message: unknown) => Promise<string>;
  /**
   * Target of the isolate's sync reference (crop, called with `applySyncPromise`): the reply, or a
   * promise of it when the tool host answers asynchronously (the process pool). Never throws.
   */
  readonly callSync: (message: unknown) => string | Promise<string>;
  /** The calls so far; entries of calls still running change when they settle. */
  readonly trace: readonly TraceEntry[];
  /** Calls that reached the tool host and have not been answered yet. */
  readonly pendingCalls: number;
  /** Counts every call that starts or settles, so a watcher can tell whether anything happened meanwhile. */
  readonly activity: number;
  /** A copy of the trace as it is now. */
  snapshot(): TraceEntry[];
  /** The error the host threw for trace entry `index`, if it failed. */
  failureOf(index: number): unknown;
  /** The program line of trace entry `index`. */
  lineOf(index: number): number | null;
  /** After this, every call is refused without reaching the host. */
  end(): void;
}

/** Tools a call may name, and whether the call must be made on a patch. */
interface ToolSet {
  readonly names: ReadonlySet<string>;
  readonly needsTarget: boolean;
}

const ASYNC_TOOLS: ToolSet = {
  names: new Set<AsyncToolName>([
    "find", "exists", "count", "verify_property", "best_text_match", "simple_query", "compute_depth", "llm_query", "best_image_match",
  ]),
  needsTarget: false,
};
const SYNC_TOOLS: ToolSet = { names: new Set<SyncToolName>(["crop"]), needsTarget: true };
const SITE = /^(\d{1,9}):(\d{1,9})$/;

/** A call as the prelude writes it: [tool, target handle or null, arguments, "line:column" or null]. */
interface CallMessage {
  readonly tool: string;
  readonly target: number | null;
  readonly args: ToolValue[];
  readonly site: string | null;
}

interface AdmittedCall {
  readonly tool: AsyncToolName | SyncToolName;
  readonly target: number | null;
  readonly args: ToolValue[];
  readonly entry: PendingTraceEntry;
  /** Marks the call settled in the process-wide host activity. */
  readonly settled: () => void;
}

/** Creates the host half of the bridge for one run. */
export function createBridgeHost({ host, policy, runStartMs, toSourceLine, onFatal }: BridgeHostOptions): BridgeHost {
  const boxes = new Map<number, PatchBox>();
  const failures = new Map<number, unknown>();
  const trace: PendingTraceEntry[] = [];
  let ended = false;
  let pendingCalls = 0;
  let activity = 0;
  remember(host.root);

  function remember(value: ToolValue | undefined): void {
    if (Array.isArray(value)) value.forEach(remember);
    else if (typeof value === "object" && value !== null) {
      boxes.set(value.$patch, { left: value.left, lower: value.lower, right: value.right, upper: value.upper });
    }
  }

  function reply(envelope: readonly [true, ToolValue] | readonly [false, string, string, number | null]): string {
    return JSON.stringify(envelope);
  }

  function refuse(code: string, message: string): string {
    return reply([false, code, message, null]);
  }

  /** The patch a `{ $patch }` reference names, with the box this run's host gave it, or undefined. */
  function descriptorOf(handle: number): PatchDescriptor | undefined {
    const box = boxes.get(handle);
    return box === undefined ? undefined : { $patch: handle, ...box };
  }

  function isPatchReference(value: unknown): boolean {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    return keys.length === 1 && keys[0] === "$patch" && Number.isSafeInteger((value as { $patch: unknown }).$patch);
  }

  /** Replaces each `{ $patch }` reference with the host's descriptor; undefined when one is unknown. */
  function resolvePatches(args: ToolValue[]): ToolValue[] | undefined {
    let unknown = false;
    const resolve = (value: ToolValue): ToolValue => {
      if (Array.isArray(value)) return value.map(resolve);
      if (typeof value !== "object" || value === null) return value;
      const descriptor = descriptorOf(value.$patch);
      if (descriptor === undefined) unknown = true;
      return descriptor ?? null;
    };
    const resolved = args.map(resolve);
    return unknown ? undefined : resolved;
  }

  function readCallMessage(message: unknown): CallMessage | undefined {
    if (typeof message !== "string" || message.length > MAX_CALL_MESSAGE_LENGTH) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return undefined;
    }
    if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
    const [tool, target, args, site] = parsed as unknown[];
    if (typeof tool !== "string" || (target !== null && !Number.isSafeInteger(target))) return undefined;
    if (!isBridgeArgumentList(args, isPatchReference) || (site !== null && typeof site !== "string")) return undefined;
    return { tool, target: target as number | null, args, site: site as string | null };
  }

  function lineFromSite(site: string | null): number | null {
    const match = site === null ? null : SITE.exec(site);
    if (match === null) return null;
    const line = Number(match[1]);
    const column = Number(match[2]);
    if (line < 1 || column < 1) return null;
    try {
      return toSourceLine(line, column);
    } catch {
      return null; // a site the program forged (through its own Error.prepareStackTrace) maps to no line
    }
  }

  /** Checks a call; returns the reply that refuses it, or the call and its new trace entry. */
  function admit(message: unknown, tools: ToolSet): AdmittedCall | string {
    if (ended) return refuse("TOOL_LIMIT", "A tool was called after the run ended; await every tool call before returning.");
    const call = readCallMessage(message);
    if (call === undefined) return refuse("TOOL_ARGUMENT", "The tool call could not be read; call the ImagePatch API with its documented arguments.");
    const { tool, target, site } = call;
    if (!tools.names.has(tool)) return refuse("TOOL_ARGUMENT", `There is no tool named ${JSON.stringify(tool.slice(0, 40))}.`);
    if (target === null && tools.needsTarget) return refuse("TOOL_ARGUMENT", `${tool} must be called on a patch.`);
    if (target !== null && !boxes.has(target)) return refuse("TOOL_ARGUMENT", `${tool} was called on a patch this run did not create.`);
    const args = resolvePatches(call.args);
    if (args === undefined) return refuse("TOOL_ARGUMENT", `${tool} got a patch this run did not create; pass patches from find or crop.`);
    if (trace.length >= policy.maxToolCalls) {
      const error = new ViperError({
        code: "TOOL_LIMIT",
        message: `The program made more than ${policy.maxToolCalls} tool calls. Make fewer calls (e.g. find once and reuse the patches) or raise maxToolCalls.`,
        details: { maxToolCalls: policy.maxToolCalls },
      });
      onFatal(error);
      return refuse("TOOL_LIMIT", error.message);
    }
    const entry: PendingTraceEntry = {
      type: "tool-call",
      index: trace.length,
      tool: tool as AsyncToolName | SyncToolName,
      target: target === null ? null : (boxes.get(target) ?? null),
      args: args.map((value) => toTraceValue(value)),
      result: null,
      resultValue: null,
      startMs: performance.now() - runStartMs,
      durationMs: null,
      line: lineFromSite(site),
    };
    trace.push(entry);
    pendingCalls += 1;
    return { tool: tool as AsyncToolName | SyncToolName, target, args, entry, settled: hostCallStarted() };
  }

  function fail(entry: PendingTraceEntry, error: unknown): string {
    failures.set(entry.index, error);
    const code = ViperError.isInstance(error) ? error.code : "HOST_ERROR";
    const message = error instanceof Error ? error.message : String(error);
    entry.error = { code, message };
    return reply([false, code, message, entry.index]);
  }

  function settle(call: AdmittedCall, outcome: { value: ToolValue } | { error: unknown }): string {
    const { entry, tool } = call;
    call.settled();
    pendingCalls -= 1;
    activity += 1;
    entry.durationMs = performance.now() - runStartMs - entry.startMs;
    if ("error" in outcome) return fail(entry, outcome.error);
    const result = toBridgeResult(outcome.value);
    if (result === undefined) return fail(entry, new Error(`${tool} returned a value that cannot cross the bridge (a bug in the tool host).`));
    const text = reply([true, result.value]);
    if (text.length > BRIDGE_LIMITS.maxReplyLength) {
      return fail(entry, new ViperError({
        code: "RESULT_TOO_LARGE",
        message: `${tool} answered ${text.length} characters; a tool call's result may be at most ${BRIDGE_LIMITS.maxReplyLength}. Ask for less (a shorter question, fewer patches).`,
        details: { tool, length: text.length, maxReplyLength: BRIDGE_LIMITS.maxReplyLength },
      }));
    }
    remember(result.value);
    entry.result = summarizeResult(result.value);
    entry.resultValue = toTraceValue(result.value);
    return text;
  }

  async function settleAsync(call: AdmittedCall, work: () => ToolValue | PromiseLike<ToolValue>): Promise<string> {
    try {
      return settle(call, { value: await work() });
    } catch (error) {
      return settle(call, { error });
    }
  }

  function answer(message: unknown, tools: ToolSet, work: (call: AdmittedCall) => ToolValue | PromiseLike<ToolValue>) {
    activity += 1; // refused calls too: their reply is still on its way into the isolate
    let admitted: AdmittedCall | string;
    try {
      admitted = admit(message, tools);
    } catch (error) {
      return refuse("HOST_ERROR", `The tool call could not be admitted: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof admitted === "string") return admitted;
    const call = admitted;
    let value: ToolValue | PromiseLike<ToolValue>;
    try {
      value = work(call);
    } catch (error) {
      return settle(call, { error });
    }
    if (typeof (value as PromiseLike<ToolValue> | null)?.then === "function") return settleAsync(call, () => value);
    return settle(call, { value: value as ToolValue });
  }

  return {
    trace,
    get pendingCalls() {
      return pendingCalls;
    },
    get activity() {
      return activity;
    },
    snapshot: () => trace.map((entry) => ({ ...entry })),
    async callAsync(message) {
      return answer(message, ASYNC_TOOLS, ({ tool, target, args, entry }) => {
        const report = (details: ToolCallDetails) => void (entry.details = { ...entry.details, ...details });
        return host.call(tool as AsyncToolName, target, args, report);
      });
    },
    callSync(message) {
      return answer(message, SYNC_TOOLS, (call) => host.callSync(call.tool as SyncToolName, call.target as number, call.args));
    },
    failureOf: (index) => failures.get(index),
    lineOf: (index) => trace[index]?.line ?? null,
    end() {
      ended = true;
    },
  };
}
