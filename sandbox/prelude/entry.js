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
