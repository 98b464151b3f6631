import { fork, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { ViperError } from "../../src/errors/index.ts";
import { isProgramAnswer } from "../answer.ts";
import { isBridgeArgumentList, isPatchDescriptor } from "../bridge-values.ts";
import type { SandboxPolicy } from "../policy.ts";
import type { ProgramRun } from "../run-program.ts";
import type { AsyncToolName, SyncToolName, ToolCallDetails, ToolHost, ToolValue } from "../tool-host.ts";
import { deserializeError, serializeError } from "./pool-errors.ts";
import type { ChildMessage, ParentMessage } from "./pool-messages.ts";

/** One run handed to a sandbox process. */
export interface ProcessRunRequest {
  readonly source: string;
  readonly host: ToolHost;
  readonly policy: SandboxPolicy;
  readonly signal?: AbortSignal | undefined;
}

/** A finished run, with the process's resident memory after it (to decide whether to replace it). */
export interface ProcessRunResult {
  readonly run: ProgramRun;
  readonly rssMb: number;
}

/** A failed run: the error for the caller, and whether the process should be replaced. */
export class ProcessRunFailure extends Error {
  override readonly name = "ProcessRunFailure";
  readonly error: unknown;
  readonly rssMb: number | null;

  constructor(error: unknown, rssMb: number | null) {
    super(error instanceof Error ? error.message : String(error));
    this.error = error;
    this.rssMb = rssMb;
  }
}

/** A started sandbox process, from the pool's side. */
export interface SandboxProcess {
  /** Resolves when the process can take a run; rejects (SANDBOX_CRASHED) if it died first. */
  readonly ready: Promise<void>;
  /** True once the process has exited (or failed to start). */
  readonly exited: boolean;
  /** Runs one program; the process must be ready and idle. Rejects with a {@link ProcessRunFailure}. */
  run(request: ProcessRunRequest): Promise<ProcessRunResult>;
  /** Ends the process (SIGKILL); resolves once it has exited. */
  kill(): Promise<void>;
  /**
   * Whether the process keeps Node running while it is not running a program (a run is waiting for it
   * to start). Idle processes do not; a running one always does.
   */
  hold(keepAlive: boolean): void;
}

/** Options for {@link startSandboxProcess}. */
export interface StartSandboxProcessOptions {
  /** Called once when the process exits, whatever the reason. */
  readonly onExit: (process: SandboxProcess) => void;
}

const TOOL_NAMES: ReadonlySet<string> = new Set<AsyncToolName | SyncToolName>([
  "find", "exists", "count", "verify_property", "best_text_match", "simple_query", "compute_depth", "llm_query", "best_image_match", "crop",
]);
/** Time a process gets past the run's wall timeout (or after a cancel) before it is killed. */
const GRACE_MS = 5_000;
const STDERR_TAIL_CHARACTERS = 2_000;
// Node strips types only outside node_modules; an installed package runs the compiled .js beside this file.
const ENTRY = new URL(`./sandbox-process${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

/**
 * Starts a sandbox process (with --no-node-snapshot, which isolated-vm requires). It answers the
 * program's tool calls from the run's ToolHost here in the parent. When it dies (V8 abort, out of
 * memory, a signal) the run it was doing fails with SANDBOX_CRASHED; nothing else is affected.
 */
export function startSandboxProcess({ onExit }: StartSandboxProcessOptions): SandboxProcess {
  let child: ChildProcess;
  let exited = false;
  let stderrTail = "";
  let nextRunId = 1;
  let active: ActiveRun | undefined;
  let held = false;
  let markReady: () => void = () => {};
  let failStart: (error: unknown) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failStart = reject;
  });
  ready.catch(() => {}); // a process that never starts fails the run waiting for it, not the process
  const exitedPromise = new Promise<void>((resolve) => {
    try {
      child = fork(ENTRY, [], {
        execArgv: ["--no-node-snapshot", "--disable-warning=ExperimentalWarning"],
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        serialization: "json",
        // Its own process group: a Ctrl-C meant for viper (eval finishes its records on the first one)
        // must not kill the runs in flight. It still ends when the parent goes (the IPC channel closes).
        detached: true,
      });
    } catch (error) {
      exited = true;
      failStart(crashedError(`could not start: ${(error as Error).message}`, {}));
      resolve();
      return;
    }
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARACTERS);
    });
    child.on("message", (message: ChildMessage) => onMessage(message));
    child.on("error", (error) => {
      if (!exited && child.pid === undefined) finish(null, null, error.message);
    });
    child.on("exit", (exitCode, signal) => finish(exitCode, signal, null));
    updateRefs();
    function finish(exitCode: number | null, signal: NodeJS.Signals | null, spawnError: string | null): void {
      if (exited) return;
      exited = true;
      const how = spawnError !== null ? `could not start: ${spawnError}` : signal !== null ? `was killed by ${signal}` : `exited with code ${exitCode}`;
      const error = crashedError(how, { exitCode, signal, reason: crashReason(stderrTail) });
      failStart(error);
      active?.fail(error, null);
      resolve();
      onExit(sandboxProcess);
    }
  });

  /** While idle the process must not keep the parent alive; while running (or held) it must. */
  function updateRefs(): void {
    if (exited) return;
    const keepAlive = active !== undefined || held;
    for (const handle of [child, child.channel, child.stderr as Socket | null]) {
      if (keepAlive) handle?.ref();
      else handle?.unref();
    }
  }

  function post(message: ParentMessage): void {
    if (!exited && child.connected) child.send(message);
  }

  function onMessage(message: ChildMessage): void {
    if (message.type === "ready") {
      markReady();
      return;
    }
    if (active === undefined || message.runId !== active.runId) return;
    if (message.type === "tool-call") active.answerToolCall(message);
    else if (message.type === "run-answer") active.finish(message.run, message.rssMb);
    else if (message.type === "run-failure") active.finishWithFailure(message.error, message.cancelled, message.rssMb);
  }

  const sandboxProcess: SandboxProcess = {
    ready,
    get exited() {
      return exited;
    },
    run(request) {
      if (exited || active !== undefined) {
        return Promise.reject(new ProcessRunFailure(crashedError("is not available", {}), null));
      }
      return new Promise<ProcessRunResult>((resolve, reject) => {
        const runId = nextRunId++;
        const settled = () => {
          active = undefined;
          updateRefs();
        };
        active = new ActiveRun({
          runId,
          request,
          post,
          kill: () => child.kill("SIGKILL"),
          resolve: (result) => {
            settled();
            resolve(result);
          },
          reject: (failure) => {
            settled();
            reject(failure);
          },
        });
        updateRefs();
        post({ type: "run", runId, source: request.source, policy: request.policy, root: request.host.root });
      });
    },
    hold(keepAlive) {
      held = keepAlive;
      updateRefs();
    },
    async kill() {
      if (!exited) {
        held = true; // wait for the exit even if nothing else keeps Node running
        updateRefs();
        child.kill("SIGKILL");
      }
      await exitedPromise;
    },
  };
  return sandboxProcess;
}

/**
 * What V8 said when it gave up ("Fatal JavaScript invalid size error 268435456", "invalid array length"),
 * without its native stack or anything that looks like a host path: the error reaches the caller's JSON.
 */
function crashReason(stderr: string): string | null {
  const lines = stderr.split("\n")
    .map((line) => line.replace(/^[#\s]+/, "").trim())
    .filter((line) => /[a-z]{3}/i.test(line) && !/^\d+: 0x|^<---|^(node|is_heap_oom|total_|used_|heap_|malloced|peak_|does_zap)/.test(line))
    .map((line) => line.replace(/(?:[A-Za-z]:)?[\\/][^\s,:)]+/g, "<path>"));
  return lines.length === 0 ? null : lines.slice(0, 3).join(" / ").slice(0, 300);
}

function crashedError(how: string, details: Record<string, unknown>): ViperError {
  const reason = typeof details.reason === "string" ? ` (${details.reason})` : "";
  return new ViperError({
    code: "SANDBOX_CRASHED",
    message: `The sandbox process running the program ${how}${reason}. The program may have made V8 abort (a huge single allocation) or run out of memory; only this run is affected. Run smaller steps.`,
    details,
  });
}

interface ActiveRunOptions {
  readonly runId: number;
  readonly request: ProcessRunRequest;
  readonly post: (message: ParentMessage) => void;
  readonly kill: () => void;
  readonly resolve: (result: ProcessRunResult) => void;
  readonly reject: (failure: ProcessRunFailure) => void;
}

/** The parent's side of one run: answers its tool calls, enforces a last-resort deadline, settles once. */
class ActiveRun {
  readonly runId: number;
  readonly #options: ActiveRunOptions;
  readonly #toolFailures = new Map<number, unknown>();
  #settled = false;
  readonly #deadline: NodeJS.Timeout;
  #cancelTimer: NodeJS.Timeout | undefined;
  readonly #onAbort: () => void;

  constructor(options: ActiveRunOptions) {
    this.runId = options.runId;
    this.#options = options;
    const { policy, signal } = options.request;
    // The process enforces the wall timeout itself; this catches a process that stopped answering.
    this.#deadline = setTimeout(() => {
      options.kill();
      this.fail(new ViperError({
        code: "SANDBOX_TIMEOUT",
        message: `The program ran longer than ${policy.wallTimeoutMs} ms and its sandbox process stopped answering; it was killed.`,
        details: { wallTimeoutMs: policy.wallTimeoutMs },
      }), null);
    }, policy.wallTimeoutMs + GRACE_MS);
    this.#onAbort = () => {
      options.post({ type: "cancel", runId: this.runId });
      this.#cancelTimer = setTimeout(() => {
        options.kill();
        this.fail(signal?.reason, null);
      }, GRACE_MS);
    };
    signal?.addEventListener("abort", this.#onAbort, { once: true });
    if (signal?.aborted) this.#onAbort();
  }

  answerToolCall(message: Extract<ChildMessage, { type: "tool-call" }>): void {
    const { callId, tool, target, args } = message;
    const { host } = this.#options.request;
    let details: ToolCallDetails | undefined;
    const report = (reported: ToolCallDetails) => void (details = { ...details, ...reported });
    const reply = (outcome: { value: ToolValue } | { error: unknown }) => {
      if (this.#settled) return;
      const reported = details === undefined ? {} : { details };
      if ("value" in outcome) {
        this.#options.post({ type: "tool-reply", runId: this.runId, callId, value: outcome.value, ...reported });
        return;
      }
      this.#toolFailures.set(callId, outcome.error);
      this.#options.post({ type: "tool-failure", runId: this.runId, callId, error: serializeError(outcome.error), ...reported });
    };
    // The process already checked the call; a process that misbehaves gets refused, not served.
    if (!TOOL_NAMES.has(tool) || (target !== null && !Number.isSafeInteger(target)) || !isBridgeArgumentList(args, isPatchDescriptor)) {
      reply({ error: new ViperError({ code: "TOOL_ARGUMENT", message: "The sandbox process sent a tool call that could not be read." }) });
      return;
    }
    Promise.resolve()
      .then(() => (tool === "crop" ? host.callSync(tool, target as number, args) : host.call(tool, target, args, report)))
      .then((value) => reply({ value }), (error: unknown) => reply({ error }));
  }

  finish(run: ProgramRun, rssMb: number): void {
    if (!isProgramAnswer(run.answer)) {
      this.fail(new ViperError({ code: "PROGRAM_RESULT", message: "The sandbox process returned an answer that is not one.", details: {} }), rssMb);
      return;
    }
    this.#settle(() => this.#options.resolve({ run, rssMb }));
  }

  finishWithFailure(serialized: Parameters<typeof deserializeError>[0], cancelled: boolean, rssMb: number): void {
    const { toolCallId, isToolError } = serialized;
    const original = toolCallId === undefined ? undefined : this.#toolFailures.get(toolCallId);
    let error: unknown;
    if (cancelled) error = this.#options.request.signal?.reason;
    else if (isToolError === true && original !== undefined) error = original;
    else error = deserializeError(serialized, original);
    this.fail(error, rssMb);
  }

  fail(error: unknown, rssMb: number | null): void {
    this.#settle(() => this.#options.reject(new ProcessRunFailure(error, rssMb)));
  }

  #settle(deliver: () => void): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#deadline);
    clearTimeout(this.#cancelTimer);
    this.#options.request.signal?.removeEventListener("abort", this.#onAbort);
    deliver();
  }
}
