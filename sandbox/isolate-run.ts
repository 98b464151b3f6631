import ivm from "isolated-vm";
import type { BridgeHost } from "./bridge-host.ts";
import type { SandboxPolicy } from "./policy.ts";
import type { PreparedIsolate } from "./prepared-isolate.ts";
import type { ToolHost } from "./tool-host.ts";
import type { TranspiledProgram } from "./transpile.ts";

/** Options for {@link executeInIsolate}. */
export interface ExecuteOptions {
  readonly prepared: PreparedIsolate;
  readonly program: TranspiledProgram;
  readonly bridge: BridgeHost;
  readonly host: ToolHost;
  readonly policy: SandboxPolicy;
  /** Called when the program's top level has run and execute_command is about to start. */
  readonly onReady: () => void;
}

/** Thrown when the program's JavaScript does not compile in V8 (e.g. an `import` in a script). */
export class ScriptCompileError extends Error {
  override readonly name = "ScriptCompileError";
}

/** Thrown when the program's top level (outside execute_command) throws. */
export class ScriptTopLevelError extends Error {
  override readonly name = "ScriptTopLevelError";
}

/**
 * Thrown when the task that ran execute_command failed although `start` never rejects: isolated-vm
 * fails a task when it leaves a promise rejection unhandled (as Node does by default).
 */
export class UnhandledRejectionError extends Error {
  override readonly name = "UnhandledRejectionError";
  /** The bridge code when the rejection was an error the prelude itself raised (TOOL_LIMIT, ...), else null. */
  readonly bridgeCode: string | null;

  constructor(message: string, options: { cause: unknown; bridgeCode: string | null }) {
    super(message, { cause: options.cause });
    this.bridgeCode = options.bridgeCode;
  }
}

// Hands `start` a way to read the entry point, whatever form declared it (function, async function,
// const arrow: `typeof` reaches script-scope `const` bindings too). Strict mode, so a program's getter
// reached while reading it sees no caller frame and no `arguments` of this closure.
const CALL_START = '"use strict"; return $0("start", () => typeof execute_command === "undefined" ? undefined : execute_command, $1);';

/**
 * Connects a prepared isolate to this run's bridge, runs the program's top level and then
 * `execute_command`. Resolves with the prelude's JSON outcome string.
 */
export async function executeInIsolate({ prepared, program, bridge, host, policy, onReady }: ExecuteOptions): Promise<string> {
  const { isolate, context, prelude } = prepared;
  prepared.connect(bridge);
  let script: ivm.Script;
  try {
    script = await isolate.compileScript(program.javascript, { filename: "program.js" });
  } catch (error) {
    throw new ScriptCompileError((error as Error).message, { cause: error });
  }
  try {
    await script.run(context, { timeout: policy.cpuTimeMs });
  } catch (error) {
    throw new ScriptTopLevelError((error as Error).message, { cause: error });
  }
  onReady();
  try {
    const outcome = await context.evalClosure(CALL_START, [prelude.derefInto(), JSON.stringify(host.root)], { result: { promise: true } });
    return String(outcome);
  } catch (error) {
    const message = (error as Error).message;
    throw new UnhandledRejectionError(message, { cause: error, bridgeCode: await bridgeCodeOf(prepared, message) });
  }
}

/** Asks the prelude whether it raised an error with this message itself; null when not (or the isolate is gone). */
async function bridgeCodeOf(prepared: PreparedIsolate, message: string): Promise<string | null> {
  if (prepared.isolate.isDisposed) return null;
  try {
    const code: unknown = await prepared.prelude.apply(undefined, ["bridge-code", message.replace(/^Error: /, "")], { result: { copy: true } });
    return typeof code === "string" ? code : null;
  } catch {
    return null;
  }
}
