// Puts the API on the global object, removes what programs must not use, and returns the one function
// the host calls through the reference it keeps (nothing named here stays reachable from the program).
const GLOBALS = freeze({
  __proto__: null, ImagePatch, best_image_match, llm_query, distance, bool_to_yesno, coerce_to_numeric,
});
for (const name in GLOBALS) {
  defineProperty(global, name, { __proto__: null, value: GLOBALS[name], writable: true, configurable: true, enumerable: false });
}
// Not part of the API and only useful for attacks (shared memory, blocking waits, compiled code that
// escapes heap accounting).
for (const name of ["WebAssembly", "SharedArrayBuffer", "Atomics"]) delete global[name];

/**
 * Runs the program's entry point on the root patch and settles with a JSON text: the encoded answer or
 * failure. Never rejects. `resolveEntry` is a strict-mode function (made by the host) that reads
 * `execute_command`; it is called only after checking that the global is not an accessor, so no program
 * getter runs with the host's call frame above it.
 */
async function start(resolveEntry, rootText) {
  let settled;
  try {
    const own = getOwnPropertyDescriptor(global, "execute_command");
    if (own !== undefined && !hasOwn(own, "value")) return missingEntry("an accessor (getter or setter)");
    const entry = resolveEntry();
    if (typeof entry !== "function") return missingEntry(entry === undefined ? "nothing" : typeof entry);
    const pending = entry(newPatch(jsonParse(rootText)));
    preludeAwaited = pending;
    const value = await pending;
    runEnded = true;
    settled = encodeAnswer(value);
  } catch (thrown) {
    runEnded = true;
    settled = encodeFailure(thrown);
  }
  return settled;
}

function missingEntry(found) {
  runEnded = true;
  return '{"kind":"missing-entry","found":' + jsonStringify(found) + "}";
}

/**
 * What the host calls: "start" runs the program (see `start`); "wait-site" answers "line:column" of the
 * program's last await; "bridge-code" the code of the bridge error whose message is `argument` (to
 * recognise one left unhandled), or null. One function, so preparing an isolate costs one reference.
 */
function enter(request, argument, rootText) {
  if (request === "start") return start(argument, rootText);
  if (request === "wait-site") return lastAwaitSite();
  if (request === "bridge-code") return typeof argument === "string" ? bridgeCodeOf(argument) : null;
  return null;
}

return enter;
