import { readFileSync } from "node:fs";

/**
 * The prelude's files, in order. They are plain JavaScript (they run inside the isolate, not in Node) and
 * share one closure: later files use what earlier ones declare.
 */
const PRELUDE_FILES = [
  "intrinsics.js",
  "bridge.js",
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
  /** Longest array `Array.prototype.fill` accepts: as many 8-byte slots as the heap limit holds. */
  readonly maxFillLength: number;
}

/**
 * Source of a function expression `(hostCall, hostCallSync, settings, global) => start`: it installs the
 * ImagePatch API on `global` and returns `start(entry, rootDescriptor)`, which runs the program and
 * settles with a JSON string. Strict mode matters: V8 hides strict functions and receivers from
 * `Error.prepareStackTrace`'s call sites, so a program cannot fish prelude internals out of a stack.
 */
export const PRELUDE_SOURCE: string = [
  "(function installViperPrelude(hostCall, hostCallSync, settings, global) {",
  '"use strict";',
  ...PRELUDE_FILES.map((file) => readFileSync(new URL(`./prelude/${file}`, import.meta.url), "utf8")),
  "})",
].join("\n");

/** Names the prelude puts on the program's global object. */
export const PRELUDE_GLOBALS = [
  "ImagePatch",
  "best_image_match",
  "llm_query",
  "distance",
  "bool_to_yesno",
  "coerce_to_numeric",
] as const;
