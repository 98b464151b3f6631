// The program's side of the bridge: every host call goes through `hostCall` / `hostCallSync` (the only
// references to the host, held in this closure and never stored anywhere a program can reach).
//
// One serialised message per call, each way. The prelude writes the call as JSON text itself, from
// values it has checked (type, length, list size) and with patches as their handles only, so nothing
// the program can reach (a getter, a setter on Array.prototype, a toJSON) takes part, and nothing
// over the limits is ever copied. The host answers with JSON text too, which the prelude parses with
// the JSON.parse captured before the program ran.
const APPLY_ASYNC = freeze({ __proto__: null, result: freeze({ __proto__: null, promise: true }) });
const APPLY_SYNC = freeze({ __proto__: null });
/**
 * Errors the bridge raised: their code, message, the program's "line:column" where they were raised
 * and, for host failures, the index of the tool call. Kept here because the error object itself is the
 * program's to change.
 */
const bridgeErrors = new WeakMap();
/** The message of every bridge error raised, with its code (to recognise one left unhandled). */
const bridgeMessages = new Map();
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
let runEnded = false;

function bridgeError(code, message, callIndex) {
  const text = "[" + code + "] " + message;
  const error = new ErrorClass(text);
  defineProperty(error, "code", { __proto__: null, value: code, enumerable: true });
  callIntrinsic(weakMapSet, bridgeErrors, error, freeze({ __proto__: null, code, message: text, site: currentSite(), callIndex }));
  callIntrinsic(mapSet, bridgeMessages, text, code);
  return error;
}

/** The code of the bridge error whose message is `text`, or null when the bridge never raised one. */
function bridgeCodeOf(text) {
  return callIntrinsic(mapGet, bridgeMessages, text) ?? null;
}

function argumentError(tool, parameter, expected, value) {
  return bridgeError("TOOL_ARGUMENT", tool + "(" + parameter + "): expected " + expected + ", got " + describeValue(value) + ".", null);
}

/** JSON text of a string argument of at most `settings.maxTextLength` characters. */
function textArgument(tool, parameter, value) {
  if (typeof value !== "string") throw argumentError(tool, parameter, "a string", value);
  if (value.length > settings.maxTextLength) {
    throw argumentError(tool, parameter, "a string of at most " + settings.maxTextLength + " characters", value);
  }
  return jsonStringify(value);
}

function numberArgument(tool, parameter, value) {
  if (typeof value !== "number" || !numberIsFinite(value)) throw argumentError(tool, parameter, "a finite number", value);
  return jsonStringify(value);
}

function booleanArgument(tool, parameter, value) {
  if (typeof value !== "boolean") throw argumentError(tool, parameter, "true or false", value);
  return value ? "true" : "false";
}

/** JSON text of a list argument: each item read once and turned into JSON text by `encodeItem`. */
function listArgument(tool, parameter, value, expected, encodeItem) {
  if (!isArray(value)) throw argumentError(tool, parameter, expected, value);
  const length = value.length;
  if (!(length <= settings.maxListLength)) {
    throw argumentError(tool, parameter, expected + " of at most " + settings.maxListLength + " items", value);
  }
  let text = "[";
  for (let index = 0; index < length; index++) {
    text += (index === 0 ? "" : ",") + encodeItem(tool, parameter + "[" + index + "]", value[index]);
  }
  return text + "]";
}

function textListArgument(tool, parameter, value) {
  return listArgument(tool, parameter, value, "an array of strings", textArgument);
}

function patchArgument(tool, parameter, value) {
  const handle = handleOf(value);
  if (handle === null) throw argumentError(tool, parameter, "an ImagePatch from find or crop", value);
  return '{"$patch":' + handle + "}";
}

function patchListArgument(tool, parameter, value) {
  return listArgument(tool, parameter, value, "an array of ImagePatch", patchArgument);
}

function ensureRunning(tool) {
  if (runEnded) {
    throw bridgeError("TOOL_LIMIT", tool + " was called after execute_command returned; await every tool call before returning.", null);
  }
}

/** The call as one JSON text: [tool, target handle or null, arguments, "line:column" or null]. */
function callMessage(tool, target, argumentsText) {
  return "[" + jsonStringify(tool) + "," + (target === null ? "null" : target) + "," + argumentsText + "," + jsonStringify(currentSite()) + "]";
}

function fromToolValue(value) {
  if (isArray(value)) {
    const items = [];
    for (let index = 0; index < value.length; index++) defineValue(items, index, fromToolValue(value[index]));
    return items;
  }
  if (value !== null && typeof value === "object") return newPatch(value);
  return value;
}

/** The host's reply, JSON text of [true, value] or [false, code, message, call index]. */
function fromReply(text) {
  const reply = jsonParse(text);
  if (reply[0] === true) return fromToolValue(reply[1]);
  throw bridgeError(reply[1], reply[2], reply[3]);
}

/** Calls an asynchronous host tool; `target` is a patch handle or null for a free function. */
async function callHost(tool, target, argumentsText) {
  ensureRunning(tool);
  const reply = hostCall.apply(undefined, [callMessage(tool, target, argumentsText)], APPLY_ASYNC);
  preludeAwaited = reply;
  return fromReply(await reply);
}

/**
 * Calls a synchronous host tool (crop). `applySyncPromise` blocks only this isolate's thread while the
 * host answers, so a host that must ask another process (the process pool) can still answer crop.
 */
function callHostSync(tool, target, argumentsText) {
  ensureRunning(tool);
  return fromReply(hostCallSync.applySyncPromise(undefined, [callMessage(tool, target, argumentsText)], APPLY_SYNC));
}
