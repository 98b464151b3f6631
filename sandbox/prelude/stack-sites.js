// Program lines from the isolate's stack, read without running program code. V8 formats a stack with
// `Error.prepareStackTrace` when one is set, so a program could make the prelude run its function (and
// feed it a forged "program.js:0:1"). The prelude owns that property: a non-configurable accessor that
// hands programs back what they stored, except while the prelude formats its own stacks, when it is
// undefined and V8's built-in formatter (which calls nothing on a prototype-less holder) is used.
const PROGRAM_FRAME = /program\.js:(\d+):(\d+)/;
let programPrepareStackTrace = ErrorClass.prepareStackTrace;
let formattingOwnStack = false;
defineProperty(ErrorClass, "prepareStackTrace", {
  __proto__: null,
  configurable: false,
  enumerable: false,
  get() {
    return formattingOwnStack ? undefined : programPrepareStackTrace;
  },
  set(value) {
    programPrepareStackTrace = value;
  },
});

/**
 * A prototype-less object holding the current stack, formatted later: at most `frames` frames, starting
 * below the function `below`. The frame count is set on Error.stackTraceLimit for the capture; a program
 * that made it read-only gets its own limit. Never throws (null if the program broke capturing).
 */
function captureStack(below, frames) {
  let limit;
  let limitSet = false;
  try {
    limit = ErrorClass.stackTraceLimit;
    if (limit !== frames) {
      ErrorClass.stackTraceLimit = frames;
      limitSet = true;
    }
  } catch {
    // read-only, or an accessor that throws: capture with whatever limit the program left
  }
  try {
    const holder = { __proto__: null };
    captureStackTrace(holder, below);
    return holder;
  } catch {
    return null;
  } finally {
    if (limitSet) {
      try {
        ErrorClass.stackTraceLimit = limit;
      } catch {
        // the program's setter threw: its limit stays as it made it
      }
    }
  }
}

/** "line:column" of the innermost program frame in a stack string, or null. */
function programSite(stack) {
  if (typeof stack !== "string") return null;
  const match = callIntrinsic(regexpExec, PROGRAM_FRAME, stack);
  return match === null ? null : match[1] + ":" + match[2];
}

/** "line:column" of the innermost program frame of a holder from captureStack, formatted by V8's own formatter. */
function siteOfCapture(holder) {
  if (holder === null) return null;
  formattingOwnStack = true;
  try {
    return programSite(holder.stack);
  } catch {
    return null; // a program may break stack traces (Error.stackTraceLimit = 0): no line then
  } finally {
    formattingOwnStack = false;
  }
}

/** "line:column" of the innermost program frame on the current stack (below the prelude's own frames), or null. */
function currentSite() {
  return siteOfCapture(captureStack(currentSite, 10));
}

/** "line:column" in a stack an Error carries (its own `stack`, formatted by V8's formatter), or null. */
function siteOfError(error) {
  formattingOwnStack = true;
  try {
    return programSite(error.stack);
  } catch {
    return null;
  } finally {
    formattingOwnStack = false;
  }
}

// Where the program last awaited a promise, for the deadlock error ("waits at line N"). `await p` reads
// `p.constructor` (PromiseResolve), so an accessor here runs at every await of a promise, on the stack
// of the awaiting function. It always answers %Promise%, so await behaves exactly as before. `then` reads
// it too (isolated-vm's own `then` on the outcome, for one), so the last few stacks are kept and the
// newest one with a program frame wins. The prelude's own awaits (on execute_command's promise, on a
// host call) are not the program's: it names the promise in `preludeAwaited` just before awaiting it.
const RECENT_AWAITS = 4;
const recentAwaits = [];
for (let index = 0; index < RECENT_AWAITS; index++) defineValue(recentAwaits, index, null);
let newestAwait = 0;
let preludeAwaited = null;
function promiseConstructorGetter() {
  if (this !== preludeAwaited) {
    newestAwait = (newestAwait + 1) % RECENT_AWAITS;
    // Only the frame that awaits (the getter's caller): one frame costs a third of ten, and awaits are frequent.
    recentAwaits[newestAwait] = captureStack(promiseConstructorGetter, 1);
  }
  return PromiseClass;
}
defineProperty(PromiseClass.prototype, "constructor", {
  __proto__: null,
  configurable: false,
  enumerable: false,
  get: promiseConstructorGetter,
});

/** "line:column" of the program's most recent await, or null. Called by the host when the run is stuck. */
function lastAwaitSite() {
  for (let age = 0; age < RECENT_AWAITS; age++) {
    const site = siteOfCapture(recentAwaits[(newestAwait - age + RECENT_AWAITS) % RECENT_AWAITS]);
    if (site !== null) return site;
  }
  return null;
}
