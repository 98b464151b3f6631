// The program's side of the bridge: every host call goes through `hostCall` / `hostCallSync` (the only
// references to the host, held in this closure and never stored anywhere a program can reach). Arguments
// and results are copied; the options objects have no prototype and are frozen, so a program that adds
// getters to Object.prototype cannot change them.
const APPLY_ASYNC = freeze({
  __proto__: null,
  arguments: freeze({ __proto__: null, copy: true }),
  result: freeze({ __proto__: null, promise: true, copy: true }),
});
const APPLY_SYNC = freeze({
  __proto__: null,
  arguments: freeze({ __proto__: null, copy: true }),
  result: freeze({ __proto__: null, copy: true }),
});
const PROGRAM_FRAME = /program\.js:(\d+):(\d+)/;
/** Errors the bridge raised, with their code and, for host failures, the index of the tool call. */
const bridgeErrors = new WeakMap();
let runEnded = false;

/** "line:column" of the innermost program frame on the current stack, or null. */
function programSite(stack) {
  if (typeof stack !== "string") return null;
  const match = callIntrinsic(regexpExec, PROGRAM_FRAME, stack);
  return match === null ? null : match[1] + ":" + match[2];
}

function currentSite() {
  try {
    const holder = {};
    captureStackTrace(holder, currentSite);
    return programSite(holder.stack);
  } catch {
    return null; // a program may break stack traces (prepareStackTrace, stackTraceLimit): no line then
  }
}

function bridgeError(code, message, callIndex) {
  const error = new ErrorClass("[" + code + "] " + message);
  defineProperty(error, "code", { value: code, enumerable: true });
  callIntrinsic(weakMapSet, bridgeErrors, error, freeze({ __proto__: null, code, callIndex }));
  return error;
}

function argumentError(tool, parameter, expected, value) {
  return bridgeError("TOOL_ARGUMENT", tool + "(" + parameter + "): expected " + expected + ", got " +
    describeValue(value) + ".", null);
}

function requireString(tool, parameter, value) {
  if (typeof value !== "string") throw argumentError(tool, parameter, "a string", value);
  return value;
}

function requireNumber(tool, parameter, value) {
  if (typeof value !== "number" || !numberIsFinite(value)) throw argumentError(tool, parameter, "a finite number", value);
  return value;
}

function requireBoolean(tool, parameter, value) {
  if (typeof value !== "boolean") throw argumentError(tool, parameter, "true or false", value);
  return value;
}

function requireStringList(tool, parameter, value) {
  if (!isArray(value)) throw argumentError(tool, parameter, "an array of strings", value);
  const copy = [];
  for (let index = 0; index < value.length; index++) copy[index] = requireString(tool, parameter + "[" + index + "]", value[index]);
  return copy;
}

function requirePatchList(tool, parameter, value) {
  if (!isArray(value)) throw argumentError(tool, parameter, "an array of ImagePatch", value);
  const copy = [];
  for (let index = 0; index < value.length; index++) {
    const descriptor = patchDescriptor(value[index]);
    if (descriptor === null) throw argumentError(tool, parameter + "[" + index + "]", "an ImagePatch from find or crop", value[index]);
    copy[index] = descriptor;
  }
  return copy;
}

function ensureRunning(tool) {
  if (runEnded) {
    throw bridgeError("TOOL_LIMIT", tool + " was called after execute_command returned; await every tool call before returning.", null);
  }
}

function fromToolValue(value) {
  if (isArray(value)) {
    const items = [];
    for (let index = 0; index < value.length; index++) items[index] = fromToolValue(value[index]);
    return items;
  }
  if (value !== null && typeof value === "object") return newPatch(value);
  return value;
}

function fromEnvelope(envelope) {
  if (envelope.ok) return fromToolValue(envelope.value);
  throw bridgeError(envelope.code, envelope.message, envelope.index);
}

/** Calls an asynchronous host tool; `target` is a patch handle or null for a free function. */
async function callHost(tool, target, args) {
  ensureRunning(tool);
  const envelope = await hostCall.apply(undefined, [tool, target, args, currentSite()], APPLY_ASYNC);
  return fromEnvelope(envelope);
}

/** Calls a synchronous host tool (crop). */
function callHostSync(tool, target, args) {
  ensureRunning(tool);
  return fromEnvelope(hostCallSync.applySync(undefined, [tool, target, args, currentSite()], APPLY_SYNC));
}
