import { ViperError } from "../src/errors/index.ts";
import type { PatchBox } from "./answer.ts";
import type { SandboxPolicy } from "./policy.ts";
import type { AsyncToolName, PatchDescriptor, SyncToolName, ToolCallDetails, ToolHost, ToolValue } from "./tool-host.ts";
import { summarizeResult, toTraceValue, type PendingTraceEntry, type TraceEntry } from "./trace.ts";

/** What the host answers to one bridge call; only plain data, so it copies into the isolate. */
export type BridgeEnvelope =
  | { readonly ok: true; readonly value: ToolValue }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly index: number | null };

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

/** The host half of the bridge for one run: validates calls, enforces the tool-call limit, records the trace. */
export interface BridgeHost {
  /** Target of the isolate's async reference: `(tool, target, args, site) => Promise<envelope>`. */
  readonly callAsync: (tool: unknown, target: unknown, args: unknown, site: unknown) => Promise<BridgeEnvelope>;
  /** Target of the isolate's sync reference (crop). */
  readonly callSync: (tool: unknown, target: unknown, args: unknown, site: unknown) => BridgeEnvelope;
  /** The calls so far; entries of calls still running change when they settle. */
  readonly trace: readonly TraceEntry[];
  /** A copy of the trace as it is now. */
  snapshot(): TraceEntry[];
  /** The error the host threw for trace entry `index`, if it failed. */
  failureOf(index: number): unknown;
  /** The program line of trace entry `index`. */
  lineOf(index: number): number | null;
  /** After this, every call is refused without reaching the host. */
  end(): void;
}

const ASYNC_TOOLS: ReadonlySet<string> = new Set<AsyncToolName>([
  "find", "exists", "count", "verify_property", "best_text_match", "simple_query", "compute_depth", "llm_query",
  "best_image_match",
]);
const SYNC_TOOLS: ReadonlySet<string> = new Set<SyncToolName>(["crop"]);

/** Creates the host half of the bridge for one run. */
export function createBridgeHost({ host, policy, runStartMs, toSourceLine, onFatal }: BridgeHostOptions): BridgeHost {
  const boxes = new Map<number, PatchBox>();
  const failures = new Map<number, unknown>();
  const trace: PendingTraceEntry[] = [];
  let ended = false;
  remember(host.root);

  function remember(value: ToolValue | undefined): void {
    if (Array.isArray(value)) value.forEach(remember);
    else if (typeof value === "object" && value !== null) {
      boxes.set(value.$patch, { left: value.left, lower: value.lower, right: value.right, upper: value.upper });
    }
  }

  function refuse(code: string, message: string): BridgeEnvelope {
    return { ok: false, code, message, index: null };
  }

  /** Checks a call; returns a refusal, or the typed call and its new trace entry. */
  function admit(tool: unknown, target: unknown, args: unknown, site: unknown, tools: ReadonlySet<string>) {
    if (ended) return refuse("TOOL_LIMIT", `${String(tool)} was called after the run ended; await every tool call before returning.`);
    if (typeof tool !== "string" || !tools.has(tool)) return refuse("TOOL_ARGUMENT", `There is no tool named ${String(tool)}.`);
    if (target !== null && !(typeof target === "number" && boxes.has(target))) {
      return refuse("TOOL_ARGUMENT", `${tool} was called on a patch this run did not create.`);
    }
    if (!Array.isArray(args) || !args.every(isKnownValue)) {
      return refuse("TOOL_ARGUMENT", `${tool} got a patch this run did not create; pass patches from find or crop.`);
    }
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
      target: target === null ? null : (boxes.get(target as number) ?? null),
      args: (args as ToolValue[]).map(toTraceValue),
      result: null,
      resultValue: null,
      startMs: performance.now() - runStartMs,
      durationMs: null,
      line: lineFromSite(site),
    };
    trace.push(entry);
    return { tool, target: target as number | null, args: args as ToolValue[], entry };
  }

  function isKnownValue(value: unknown): boolean {
    if (Array.isArray(value)) return value.every(isKnownValue);
    if (typeof value !== "object" || value === null) return true;
    const handle = (value as Partial<PatchDescriptor>).$patch;
    return typeof handle === "number" && boxes.has(handle);
  }

  function lineFromSite(site: unknown): number | null {
    if (typeof site !== "string") return null;
    const [line, column] = site.split(":").map(Number);
    return line === undefined || column === undefined ? null : toSourceLine(line, column);
  }

  function settle(entry: PendingTraceEntry, outcome: { value: ToolValue } | { error: unknown }): BridgeEnvelope {
    entry.durationMs = performance.now() - runStartMs - entry.startMs;
    if ("value" in outcome) {
      remember(outcome.value);
      entry.result = summarizeResult(outcome.value);
      entry.resultValue = toTraceValue(outcome.value);
      return { ok: true, value: outcome.value };
    }
    failures.set(entry.index, outcome.error);
    const code = ViperError.isInstance(outcome.error) ? outcome.error.code : "HOST_ERROR";
    const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    entry.error = { code, message };
    return { ok: false, code, message, index: entry.index };
  }

  return {
    trace,
    snapshot: () => trace.map((entry) => ({ ...entry })),
    async callAsync(tool, target, args, site) {
      const admitted = admit(tool, target, args, site, ASYNC_TOOLS);
      if ("ok" in admitted) return admitted;
      try {
        const { entry } = admitted;
        const report = (details: ToolCallDetails) => void (entry.details = { ...entry.details, ...details });
        return settle(entry, { value: await host.call(admitted.tool as AsyncToolName, admitted.target, admitted.args, report) });
      } catch (error) {
        return settle(admitted.entry, { error });
      }
    },
    callSync(tool, target, args, site) {
      if (target === null) return refuse("TOOL_ARGUMENT", "crop must be called on a patch.");
      const admitted = admit(tool, target, args, site, SYNC_TOOLS);
      if ("ok" in admitted) return admitted;
      try {
        return settle(admitted.entry, { value: host.callSync(admitted.tool as SyncToolName, admitted.target as number, admitted.args) });
      } catch (error) {
        return settle(admitted.entry, { error });
      }
    },
    failureOf: (index) => failures.get(index),
    lineOf: (index) => trace[index]?.line ?? null,
    end() {
      ended = true;
    },
  };
}
