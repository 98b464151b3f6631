import { readFileSync } from "node:fs";

/**
 * The prelude's files, in order. They are plain JavaScript (they run inside the isolate, not in Node) and
 * share one closure: later files use what earlier ones declare.
 */
const PRELUDE_FILES = [
  "intrinsics.js",
  "stack-sites.js",
  "bridge.js",
  "memory-guards.js",
  "image-patch.js",
  "coerce-to-numeric.js",
  "free-functions.js",
  "answer-encoder.js",
  "entry.js",
] as const;

/** Settings the prelude reads (copied into the isolate). */
export interface PreludeSettings {
  /** Largest answer in bytes (checked while encoding, and again on the host). */
  readonly maxResultBytes: number;
  /** Most elements a guarded built-in may produce at once: as many 8-byte slots as the heap limit holds. */
  readonly maxElements: number;
  /** Longest string argument a tool call carries across the bridge. */
  readonly maxTextLength: number;
  /** Most items a list argument carries across the bridge. */
  readonly maxListLength: number;
  /** Longest string that normalisation and locale methods (ICU, outside the V8 heap) accept. */
  readonly maxLocaleTextLength: number;
}

/**
 * Source of a function expression `(hostCall, hostCallSync, settings, global) => enter`: it installs the
 * ImagePatch API on `global` and returns `enter`, through which the host starts the program (settling
 * with a JSON text) and asks about a run (see prelude/entry.js). Strict
 * mode matters: V8 hides strict functions and receivers from `Error.prepareStackTrace`'s call sites and
 * from `caller`/`arguments`, so a program cannot fish prelude internals out of a stack or a frame.
 */
export const PRELUDE_SOURCE: string = [
  "(function installViperPrelude(hostCall, hostCallSync, settings, global) {",
  '"use strict";',
  ...PRELUDE_FILES.map((file) => readFileSync(new URL(`./prelude/${file}`, import.meta.url), "utf8")),
  "})",
].join("\n");
