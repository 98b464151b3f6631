// Turns what execute_command returned (or threw) into one JSON text for the host. Only Answer values
// pass: strings, finite numbers, booleans, null, ImagePatch (sent as its box) and arrays of these. The
// prelude writes the JSON itself (JSON.stringify only ever sees strings and numbers), so a program's
// `toJSON` or array setters cannot change the outcome, and the size is counted while encoding so a
// huge answer stops early instead of being copied out.
const MAX_ANSWER_DEPTH = 64;
const MAX_MESSAGE_LENGTH = 2000;

class ResultProblem {
  kind;
  message;

  constructor(kind, message) {
    this.kind = kind;
    this.message = message;
  }

  static is(value) {
    return value !== null && typeof value === "object" && #is in value;
  }

  #is = true;
}

function encodeAnswer(value) {
  const budget = { __proto__: null, bytes: 0 };
  return '{"kind":"answer","value":' + encodeValue(value, null, 0, budget, "the answer", -1) + "}";
}

function charge(budget, bytes) {
  budget.bytes += bytes;
  if (budget.bytes > settings.maxResultBytes) {
    throw new ResultProblem("result-too-large", "the answer is larger than " + settings.maxResultBytes + " bytes");
  }
}

/** Where a value sits, for messages: "the answer", or "the answer[3][0]". Built only when needed. */
function whereOf(parent, index) {
  return index < 0 ? parent : parent + "[" + index + "]";
}

/**
 * JSON text of `value`, which sits at index `index` of `parent` (see whereOf); `ancestors` is a linked
 * list of the arrays around it (for cycles), `depth` its length. Finite numbers are written with `""
 * + value`, which is their JSON form and calls nothing.
 */
function encodeValue(value, ancestors, depth, budget, parent, index) {
  switch (typeof value) {
    case "string":
      charge(budget, value.length * 3 + 2);
      return jsonStringify(value);
    case "number":
      if (!numberIsFinite(value)) {
        throw new ResultProblem("result-invalid", whereOf(parent, index) + " is " + value + ", which is not a finite number");
      }
      charge(budget, 24);
      return "" + value;
    case "boolean":
      charge(budget, 5);
      return value ? "true" : "false";
    case "undefined":
      throw new ResultProblem("result-invalid", whereOf(parent, index) + " is undefined" +
        (depth === 0 ? " (does execute_command return on every path? return null for \"no answer\")" : ""));
    case "bigint":
      throw new ResultProblem("result-invalid", whereOf(parent, index) + " is a bigint; convert it with Number(...)");
    case "symbol":
    case "function":
      throw new ResultProblem("result-invalid", whereOf(parent, index) + " is a " + typeof value + ", which cannot leave the sandbox");
    default:
      return encodeObject(value, ancestors, depth, budget, parent, index);
  }
}

function encodeObject(value, ancestors, depth, budget, parent, index) {
  if (value === null) {
    charge(budget, 4);
    return "null";
  }
  const box = patchBox(value);
  if (box !== null) {
    charge(budget, 80);
    return '{"left":' + jsonStringify(box.left) + ',"lower":' + jsonStringify(box.lower) + ',"right":' + jsonStringify(box.right) +
      ',"upper":' + jsonStringify(box.upper) + "}";
  }
  const where = whereOf(parent, index);
  if (!isArray(value)) {
    throw new ResultProblem("result-invalid", where + " is an object; return a string, number, boolean, null, an ImagePatch or an array of these");
  }
  for (let ancestor = ancestors; ancestor !== null; ancestor = ancestor.parent) {
    if (ancestor.value === value) throw new ResultProblem("result-invalid", where + " contains itself (a cyclic array)");
  }
  if (depth >= MAX_ANSWER_DEPTH) {
    throw new ResultProblem("result-invalid", where + " is nested more than " + MAX_ANSWER_DEPTH + " arrays deep");
  }
  const inside = { __proto__: null, value, parent: ancestors };
  const length = value.length;
  charge(budget, 2 + length);
  let text = "[";
  for (let item = 0; item < length; item++) {
    text += (item === 0 ? "" : ",") + encodeValue(value[item], inside, depth + 1, budget, where, item);
  }
  return text + "]";
}

/** Describes a thrown value: its message, whether it was an Error, the program line, bridge codes. */
function encodeFailure(thrown) {
  if (ResultProblem.is(thrown)) return '{"kind":' + jsonStringify(thrown.kind) + ',"message":' + jsonStringify(thrown.message) + "}";
  const bridge = thrown !== null && (typeof thrown === "object" || typeof thrown === "function")
    ? (callIntrinsic(weakMapGet, bridgeErrors, thrown) ?? null)
    : null;
  if (bridge !== null) return failureText(bridge.message, true, bridge.site, bridge.code, bridge.callIndex);
  let message;
  let site = null;
  let isError = false;
  try {
    isError = thrown instanceof ErrorClass;
    message = isError ? toText(thrown.name) + ": " + toText(thrown.message) : describeThrown(thrown);
    site = isError ? siteOfError(thrown) : null;
  } catch {
    message = "a value that cannot be described";
  }
  return failureText(message, isError, site, null, null);
}

function failureText(message, isError, site, code, callIndex) {
  return '{"kind":"thrown","message":' + jsonStringify(callIntrinsic(stringSlice, message, 0, MAX_MESSAGE_LENGTH)) +
    ',"isError":' + (isError ? "true" : "false") + ',"site":' + jsonStringify(site) + ',"code":' + jsonStringify(code) +
    ',"callIndex":' + jsonStringify(callIndex) + "}";
}

function describeThrown(thrown) {
  if (typeof thrown === "string") return thrown;
  if (thrown === null || typeof thrown !== "object") return toText(thrown);
  try {
    const text = jsonStringify(thrown);
    return typeof text === "string" ? text : toText(thrown);
  } catch {
    return toText(thrown);
  }
}
