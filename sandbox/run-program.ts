import { ViperError } from "../src/errors/index.ts";
import { isProgramAnswer, type ProgramAnswer } from "./answer.ts";
import { createBridgeHost } from "./bridge-host.ts";
import { executeInIsolate } from "./isolate-run.ts";
import { prepareSpareIsolate, takePreparedIsolate } from "./isolate-supply.ts";
import { resolvePolicy, type SandboxPolicy } from "./policy.ts";
import { createDeadlockWatch } from "./deadlock-watch.ts";
import { deadlockError, errorFromException, errorFromThrown, lineFromSite, withTrace, type FailureContext, type ThrownOutcome } from "./run-failure.ts";
import { startWatchdog } from "./run-limits.ts";
import type { ToolHost } from "./tool-host.ts";
import type { TraceEntry } from "./trace.ts";
import { transpileProgram } from "./transpile.ts";

/** Options for {@link runProgram}. */
export interface RunProgramOptions {
  /** The program: TypeScript (or JavaScript) defining `execute_command(image)`. */
  readonly source: string;
  /** The host side of the ImagePatch API for this run (created per run by src/tools). */
  readonly host: ToolHost;
  /**
   * Limits for this run; missing fields take their defaults.
   * @defaultValue DEFAULT_POLICY
   */
  readonly policy?: Partial<SandboxPolicy>;
  /** Cancels the run: the isolate is disposed and the run rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
}

/** Where a run's time went, in milliseconds. */
export interface ProgramTimings {
  /** TypeScript → JavaScript. */
  readonly transpileMs: number;
  /**
   * Getting a fresh isolate with the prelude (usually the spare prepared during the previous run),
   * compiling and running the program's top level.
   */
  readonly isolateMs: number;
  /** execute_command, including the tool calls it waited for. */
  readonly runMs: number;
  readonly totalMs: number;
}

/** A finished run. */
export interface ProgramRun {
  readonly answer: ProgramAnswer;
  /** One entry per tool call, in call order. */
  readonly trace: TraceEntry[];
  readonly timings: ProgramTimings;
}

type Outcome =
  | { readonly kind: "answer"; readonly value: unknown }
  | { readonly kind: "missing-entry"; readonly found: string }
  | { readonly kind: "result-invalid" | "result-too-large"; readonly message: string }
  | ThrownOutcome;

/**
 * Runs a program in a fresh isolated-vm isolate under `policy`, talking to `host` only through copied
 * values and opaque patch handles. The isolate is disposed in every path.
 * @throws ViperError with a stable code (PROGRAM_SYNTAX, PROGRAM_RUNTIME, PROGRAM_RESULT, SANDBOX_TIMEOUT,
 * SANDBOX_CPU, SANDBOX_MEMORY, SANDBOX_DEADLOCK, TOOL_LIMIT, TOOL_ARGUMENT, RESULT_TOO_LARGE, CONFIG_INVALID, or a tool's own
 * code such as NO_BACKEND); `details.trace` holds the tool calls made before the failure.
 */
export async function runProgram({ source, host, policy: policyOverrides, signal }: RunProgramOptions): Promise<ProgramRun> {
  const policy = resolvePolicy(policyOverrides);
  const runStartMs = performance.now();
  signal?.throwIfAborted();
  checkSourceSize(source, policy);
  const program = transpileProgram(source);
  const transpiledMs = performance.now();
  let readyMs = transpiledMs;
  const prepared = await takePreparedIsolate(policy);
  const { isolate } = prepared;
  const watchdog = startWatchdog({ isolate, policy, signal });
  const bridge = createBridgeHost({ host, policy, runStartMs, toSourceLine: program.toSourceLine, onFatal: watchdog.fail });
  const failureContext = (): FailureContext => ({
    bridge, program, policy, disposedByWatchdog: watchdog.disposedIsolate, isolateDisposed: isolate.isDisposed,
  });
  const onReady = () => {
    readyMs = performance.now();
    watchdog.watchDeadlock(createDeadlockWatch({
      bridge,
      prelude: prepared.prelude,
      onDeadlock: (site) => watchdog.fail(deadlockError(lineFromSite(site, program))),
    }));
  };
  try {
    let outcomeText: string;
    try {
      outcomeText = await watchdog.race(executeInIsolate({ prepared, program, bridge, host, policy, onReady }));
    } catch (error) {
      throw errorFromException(error, failureContext());
    }
    const answer = answerFromOutcome(parseOutcome(outcomeText), failureContext());
    const endMs = performance.now();
    return {
      answer,
      trace: bridge.snapshot(),
      timings: {
        transpileMs: transpiledMs - runStartMs,
        isolateMs: readyMs - transpiledMs,
        runMs: endMs - readyMs,
        totalMs: endMs - runStartMs,
      },
    };
  } catch (error) {
    throw withTrace(error, bridge);
  } finally {
    bridge.end();
    watchdog.stop();
    if (!isolate.isDisposed) isolate.dispose();
    prepareSpareIsolate(policy);
  }
}

function checkSourceSize(source: string, policy: SandboxPolicy): void {
  const bytes = Buffer.byteLength(source, "utf8");
  if (bytes <= policy.maxSourceBytes) return;
  throw new ViperError({
    code: "PROGRAM_SYNTAX",
    message: `The program is ${bytes} bytes; the limit is ${policy.maxSourceBytes}. Write a shorter program or raise maxSourceBytes.`,
    details: { bytes, maxSourceBytes: policy.maxSourceBytes, line: null, column: null },
  });
}

function parseOutcome(text: string): Outcome {
  try {
    const outcome: unknown = JSON.parse(text);
    if (typeof outcome === "object" && outcome !== null && "kind" in outcome) return outcome as Outcome;
  } catch {
    // falls through: a program that tampered with JSON or toJSON gets a result error
  }
  return { kind: "result-invalid", message: "the answer could not be read (were JSON or toJSON replaced?)" };
}

function answerFromOutcome(outcome: Outcome, context: FailureContext): ProgramAnswer {
  switch (outcome.kind) {
    case "answer":
      if (isProgramAnswer(outcome.value) && Buffer.byteLength(JSON.stringify(outcome.value)) <= context.policy.maxResultBytes) {
        return outcome.value;
      }
      if (isProgramAnswer(outcome.value)) return answerFromOutcome({ kind: "result-too-large", message: "the answer is too large" }, context);
      return answerFromOutcome({ kind: "result-invalid", message: "the answer is not a string, number, boolean, null, patch or array of these" }, context);
    case "missing-entry":
      throw new ViperError({
        code: "PROGRAM_SYNTAX",
        message: `The program does not define execute_command (found ${outcome.found}). Write \`async function execute_command(image: ImagePatch): Promise<Answer> { ... }\`.`,
        details: { line: null, column: null },
      });
    case "result-too-large":
      throw new ViperError({
        code: "RESULT_TOO_LARGE",
        message: `The program's answer is larger than ${context.policy.maxResultBytes} bytes. Return a short answer (a count, a word, a few patches), or raise maxResultBytes.`,
        details: { maxResultBytes: context.policy.maxResultBytes },
      });
    case "result-invalid":
      throw new ViperError({
        code: "PROGRAM_RESULT",
        message: `The program's answer cannot be used: ${outcome.message}. Return a string, number, boolean, null, an ImagePatch or an array of these.`,
        details: { reason: outcome.message },
      });
    case "thrown":
      throw errorFromThrown(outcome, context);
    default:
      return answerFromOutcome({ kind: "result-invalid", message: "the sandbox received an unknown outcome" }, context);
  }
}
