// Puts the API on the global object, removes what programs must not use, and returns `start`, the one
// function the host calls (through a reference it keeps; nothing named here stays reachable).
const GLOBALS = freeze({
  __proto__: null, ImagePatch, best_image_match, llm_query, distance, bool_to_yesno, coerce_to_numeric,
});
for (const name in GLOBALS) {
  defineProperty(global, name, { value: GLOBALS[name], writable: true, configurable: true, enumerable: false });
}
// Not part of the API and only useful for attacks (shared memory, blocking waits, compiled code that
// escapes heap accounting).
for (const name of ["WebAssembly", "SharedArrayBuffer", "Atomics"]) delete global[name];

// V8 cannot survive filling a huge sparse array (`new Array(1e9).fill(0)` allocates the whole backing
// store at once and aborts the PROCESS, past isolated-vm's memory limit), and filling a huge array-like
// never checks for termination. No array that big fits in the heap anyway, so refuse it up front.
const intrinsicFill = Array.prototype.fill;
const guardedFill = {
  fill(value) {
    const length = this === null || this === undefined ? 0 : parseNumber(this.length);
    if (length > settings.maxFillLength) {
      throw bridgeError("SANDBOX_MEMORY", "Array.prototype.fill on " + length + " elements would not fit in the sandbox's memory (at most " +
        settings.maxFillLength + "). Build smaller arrays.", null);
    }
    return reflectApply(intrinsicFill, this, arguments);
  },
}.fill;
defineProperty(Array.prototype, "fill", { value: guardedFill, writable: true, configurable: true, enumerable: false });

/**
 * Runs the program's entry point on the root patch and settles with a JSON string: the encoded answer or
 * failure. Never rejects.
 */
async function start(entry, rootDescriptor) {
  let settled;
  try {
    if (typeof entry !== "function") {
      return jsonStringify({ kind: "missing-entry", found: entry === undefined ? "nothing" : typeof entry });
    }
    const value = await entry(newPatch(rootDescriptor));
    runEnded = true;
    settled = encodeAnswer(value);
  } catch (thrown) {
    runEnded = true;
    settled = encodeFailure(thrown);
  }
  return settled;
}
return start;
