import { escapeControlCharacters } from "../src/errors/control-characters.ts";
import { ViperError } from "../src/errors/index.ts";
import type { BridgeHost } from "./bridge-host.ts";
import { ScriptCompileError, ScriptTopLevelError, UnhandledRejectionError } from "./isolate-run.ts";
import type { SandboxPolicy } from "./policy.ts";
import type { TranspiledProgram } from "./transpile.ts";

/** What the prelude reports when execute_command threw. */
export interface ThrownOutcome {
  readonly kind: "thrown";
  readonly message: string;
  readonly isError: boolean;
  readonly site: string | null;
  readonly code: string | null;
  readonly callIndex: number | null;
}

/** What the run knows when it turns a failure into a ViperError. */
export interface FailureContext {
  readonly bridge: BridgeHost;
  readonly program: TranspiledProgram;
  readonly policy: SandboxPolicy;
  /** True when the host's watchdog disposed the isolate itself. */
  readonly disposedByWatchdog: boolean;
  readonly isolateDisposed: boolean;
}

const PROGRAM_FRAME = /program\.js:(\d+):(\d+)/;
const BRIDGE_CODES = new Set(["TOOL_ARGUMENT", "TOOL_LIMIT", "SANDBOX_MEMORY"]);

/** The program's TypeScript line for a "line:column" site or a stack that mentions program.js (null if none). */
export function lineFromSite(text: string | null | undefined, program: TranspiledProgram): number | null {
  const match = PROGRAM_FRAME.exec(text ?? "") ?? /^(\d+):(\d+)$/.exec(text ?? "");
  if (match === null || Number(match[1]) < 1 || Number(match[2]) < 1) return null;
  try {
    return program.toSourceLine(Number(match[1]), Number(match[2]));
  } catch {
    return null; // a stack the program forged can point anywhere
  }
}

/** The error of a run stuck on an await nothing can settle; `line` is where the program last awaited. */
export function deadlockError(line: number | null): ViperError {
  const where = line === null ? "" : ` at line ${line}`;
  return new ViperError({
    code: "SANDBOX_DEADLOCK",
    message: `The program waits${where} for a promise that can never settle: no tool call is running and nothing left in the program can resolve it. Look for a Promise whose resolve is never called, or an await on something that never finishes.`,
    details: { line },
  });
}

/** Turns what execute_command threw into the run's error (a tool's own error keeps its code). */
export function errorFromThrown(outcome: ThrownOutcome, { bridge, program }: FailureContext): ViperError | unknown {
  if (outcome.callIndex !== null) {
    const original = bridge.failureOf(outcome.callIndex);
    if (original !== undefined) {
      const line = bridge.lineOf(outcome.callIndex);
      if (!ViperError.isInstance(original)) return original;
      return new ViperError({
        code: original.code,
        message: `${original.message} (tool call at program line ${line ?? "unknown"})`,
        details: { ...original.details, line },
        cause: original,
      });
    }
  }
  const line = lineFromSite(outcome.site, program);
  const where = line === null ? "" : ` at line ${line}`;
  if (outcome.code !== null && BRIDGE_CODES.has(outcome.code)) {
    return new ViperError({ code: outcome.code as "TOOL_ARGUMENT", message: `${outcome.message.replace(/^\[[A-Z_]+\] /, "")}${where}`, details: { line } });
  }
  // What the program threw is quoted with its control characters escaped: it cannot fake lines or drive
  // the terminal of whoever reads the message. `details.thrown` keeps it as it was.
  const quoted = escapeControlCharacters(outcome.message);
  const thrown = outcome.isError ? quoted : `a non-Error value: ${quoted}`;
  return new ViperError({
    code: "PROGRAM_RUNTIME",
    message: `The program threw${where}: ${thrown}. Fix the program (the trace shows the tool calls made before it failed).`,
    details: { line, thrown: outcome.message },
  });
}

/** Turns an exception from running the isolate (limits, disposal, compile) into the run's error. */
export function errorFromException(error: unknown, context: FailureContext): unknown {
  if (ViperError.isInstance(error) || context.disposedByWatchdog) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/memory limit/i.test(message) || (context.isolateDisposed && !context.disposedByWatchdog)) {
    return new ViperError({
      code: "SANDBOX_MEMORY",
      message: `The program used more than ${context.policy.memoryLimitMb} MB of memory and was stopped. Build smaller arrays and strings, or raise memoryLimitMb.`,
      details: { memoryLimitMb: context.policy.memoryLimitMb },
      cause: error,
    });
  }
  if (/timed out/i.test(message)) {
    return new ViperError({
      code: "SANDBOX_CPU",
      message: `The program's top level ran longer than ${context.policy.cpuTimeMs} ms of CPU time and was stopped.`,
      details: { cpuTimeMs: context.policy.cpuTimeMs },
      cause: error,
    });
  }
  if (error instanceof ScriptCompileError) {
    const line = lineFromSite((error.cause as Error | undefined)?.stack, context.program);
    return new ViperError({
      code: "PROGRAM_SYNTAX",
      message: `The program is not a valid script${line === null ? "" : ` (line ${line})`}: ${message}. Programs define execute_command and may not use import.`,
      details: { line, column: null },
      cause: error,
    });
  }
  if (error instanceof ScriptTopLevelError) {
    const line = lineFromSite((error.cause as Error | undefined)?.stack, context.program);
    return new ViperError({
      code: "PROGRAM_RUNTIME",
      message: `The program's top level threw${line === null ? "" : ` at line ${line}`}: ${escapeControlCharacters(message)}. Put the work inside execute_command.`,
      details: { line, thrown: message },
      cause: error,
    });
  }
  if (error instanceof UnhandledRejectionError) return errorFromUnhandledRejection(error, context);
  return error;
}

// The rejection arrives as a copy (name, message, stack). It is the prelude's own error (a tool called
// after the run ended, a refused argument) only when the prelude confirms it raised that message.
function errorFromUnhandledRejection(error: UnhandledRejectionError, context: FailureContext): ViperError {
  const stack = (error.cause as Error | undefined)?.stack ?? "";
  const line = lineFromSite(stack, context.program);
  if (error.bridgeCode !== null && BRIDGE_CODES.has(error.bridgeCode)) {
    return new ViperError({ code: error.bridgeCode as "TOOL_LIMIT", message: error.message.replace(/^Error: /, ""), details: { line }, cause: error });
  }
  return new ViperError({
    code: "PROGRAM_RUNTIME",
    message: `The program left a promise rejection unhandled${line === null ? "" : ` (line ${line})`}: ${escapeControlCharacters(error.message)}. Await every promise, or catch its error.`,
    details: { line, thrown: error.message },
    cause: error,
  });
}

/** A copy of `error` whose details carry the partial trace (non-ViperErrors pass through unchanged). */
export function withTrace(error: unknown, bridge: BridgeHost): unknown {
  if (!ViperError.isInstance(error)) return error;
  return new ViperError({
    code: error.code,
    message: error.message,
    details: { ...error.details, trace: bridge.snapshot() },
    cause: error.cause,
  });
}
