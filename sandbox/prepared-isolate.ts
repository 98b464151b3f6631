import ivm from "isolated-vm";
import type { BridgeHost } from "./bridge-host.ts";
import type { SandboxPolicy } from "./policy.ts";
import { BRIDGE_LIMITS } from "./bridge-limits.ts";
import { PRELUDE_SOURCE, type PreludeSettings } from "./prelude-source.ts";

/** A fresh isolate with the prelude installed, in which no program has run yet. */
export interface PreparedIsolate {
  readonly isolate: ivm.Isolate;
  readonly context: ivm.Context;
  /**
   * The prelude's one entry (prelude/entry.js): `("start", resolveEntry, rootText)` runs the program;
   * `("wait-site")` and `("bridge-code", message)` answer the host's questions about a run.
   */
  readonly prelude: ivm.Reference<unknown>;
  /** Routes the prelude's host calls to this run's bridge. Called once, before the program runs. */
  connect(bridge: BridgeHost): void;
}

const NOT_CONNECTED = JSON.stringify([false, "TOOL_LIMIT", "No run is connected to this isolate.", null]);
/** Longest string ICU-backed methods (normalize, localeCompare, locale case mapping) accept in a program. */
const MAX_LOCALE_TEXT_LENGTH = 1_000_000;
/** V8 aborts on FixedArrays past ~2^27 elements whatever the heap; guarded built-ins stay well under. */
const MAX_GUARDED_ELEMENTS = 2 ** 26;
let preludeCodeCache: ivm.ExternalCopy<ArrayBuffer> | undefined;

/**
 * Compiles the prelude, reusing V8's code cache from the first compile in this process (~0.2 ms
 * instead of ~1.4 ms). Only compiled code is shared between isolates, never objects or state.
 */
async function compilePrelude(isolate: ivm.Isolate): Promise<ivm.Script> {
  const filename = "viper-prelude.js";
  // isolated-vm's typings omit the cached-data fields it sets on the compiled script.
  type CachedScript = ivm.Script & ivm.CachedDataResult & { cachedDataRejected?: boolean };
  if (preludeCodeCache !== undefined) {
    const script = (await isolate.compileScript(PRELUDE_SOURCE, { filename, cachedData: preludeCodeCache })) as CachedScript;
    if (script.cachedDataRejected !== true) return script;
  }
  const script = (await isolate.compileScript(PRELUDE_SOURCE, { filename, produceCachedData: true })) as CachedScript;
  preludeCodeCache = script.cachedData;
  return script;
}

/**
 * Creates an isolate under `policy`'s memory limit and installs the prelude. The two references to the
 * host go into the prelude's closure as arguments; they are never stored on the global object.
 */
export async function prepareIsolate(policy: SandboxPolicy): Promise<PreparedIsolate> {
  const isolate = new ivm.Isolate({ memoryLimit: policy.memoryLimitMb });
  try {
    let bridge: BridgeHost | undefined;
    const callAsync = (message: unknown) => bridge?.callAsync(message) ?? Promise.resolve(NOT_CONNECTED);
    const callSync = (message: unknown) => bridge?.callSync(message) ?? NOT_CONNECTED;
    const settings: PreludeSettings = {
      maxResultBytes: policy.maxResultBytes,
      maxElements: Math.min((policy.memoryLimitMb * 1024 * 1024) / 8, MAX_GUARDED_ELEMENTS),
      maxTextLength: BRIDGE_LIMITS.maxTextLength,
      maxListLength: BRIDGE_LIMITS.maxListLength,
      maxLocaleTextLength: MAX_LOCALE_TEXT_LENGTH,
    };
    const context = await isolate.createContext();
    const install = await (await compilePrelude(isolate)).run(context, { reference: true });
    const prelude = (await context.evalClosure(
      "return $0($1, $2, $3, globalThis);",
      [install.derefInto(), new ivm.Reference(callAsync), new ivm.Reference(callSync), new ivm.ExternalCopy(settings).copyInto()],
      { result: { reference: true } },
    )) as ivm.Reference<unknown>;
    return {
      isolate,
      context,
      prelude,
      connect(runBridge) {
        if (bridge !== undefined) throw new Error("A prepared isolate serves exactly one run.");
        bridge = runBridge;
      },
    };
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}
