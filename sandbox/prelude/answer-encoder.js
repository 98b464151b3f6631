// Turns what execute_command returned (or threw) into one JSON string for the host. Only Answer values
// pass: strings, finite numbers, booleans, null, ImagePatch (sent as its box) and arrays of these. The
// size is counted while encoding so a huge answer stops early instead of being copied out.
const MAX_ANSWER_DEPTH = 64;

function ResultProblem(kind, message) {
  this.kind = kind;
  this.message = message;
}

function encodeAnswer(value) {
  const budget = { bytes: 0 };
  const encoded = encodeValue(value, [], budget, "the answer");
  return jsonStringify({ kind: "answer", value: encoded });
}

function charge(budget, bytes) {
  budget.bytes += bytes;
  if (budget.bytes > settings.maxResultBytes) {
    throw new ResultProblem("result-too-large", "the answer is larger than " + settings.maxResultBytes + " bytes");
  }
}

function encodeValue(value, ancestors, budget, where) {
  switch (typeof value) {
    case "string":
      charge(budget, value.length * 3 + 2);
      return value;
    case "number":
      if (!numberIsFinite(value)) throw new ResultProblem("result-invalid", where + " is " + value + ", which is not a finite number");
      charge(budget, 24);
      return value;
    case "boolean":
      charge(budget, 5);
      return value;
    case "undefined":
      throw new ResultProblem("result-invalid", where + " is undefined" +
        (ancestors.length === 0 ? " (does execute_command return on every path? return null for \"no answer\")" : ""));
    case "bigint":
      throw new ResultProblem("result-invalid", where + " is a bigint; convert it with Number(...)");
    case "symbol":
    case "function":
      throw new ResultProblem("result-invalid", where + " is a " + typeof value + ", which cannot leave the sandbox");
    default:
      return encodeObject(value, ancestors, budget, where);
  }
}

function encodeObject(value, ancestors, budget, where) {
  if (value === null) {
    charge(budget, 4);
    return null;
  }
  const box = patchDescriptor(value);
  if (box !== null) {
    charge(budget, 80);
    return { left: box.left, lower: box.lower, right: box.right, upper: box.upper };
  }
  if (!isArray(value)) {
    throw new ResultProblem("result-invalid", where + " is an object; return a string, number, boolean, null, an ImagePatch or an array of these");
  }
  for (let index = 0; index < ancestors.length; index++) {
    if (ancestors[index] === value) throw new ResultProblem("result-invalid", where + " contains itself (a cyclic array)");
  }
  if (ancestors.length >= MAX_ANSWER_DEPTH) {
    throw new ResultProblem("result-invalid", where + " is nested more than " + MAX_ANSWER_DEPTH + " arrays deep");
  }
  ancestors[ancestors.length] = value;
  const items = [];
  const length = value.length;
  charge(budget, 2 + length);
  for (let index = 0; index < length; index++) {
    items[index] = encodeValue(value[index], ancestors, budget, where + "[" + index + "]");
  }
  ancestors.length -= 1;
  return items;
}

/** Describes a thrown value: its message, whether it was an Error, the program line, bridge codes. */
function encodeFailure(thrown) {
  if (thrown instanceof ResultProblem) return jsonStringify({ kind: thrown.kind, message: thrown.message });
  let bridge = null;
  if (thrown !== null && (typeof thrown === "object" || typeof thrown === "function")) {
    bridge = callIntrinsic(weakMapGet, bridgeErrors, thrown) ?? null;
  }
  let message;
  let site = null;
  let isError = false;
  try {
    isError = thrown instanceof ErrorClass;
    message = isError ? toText(thrown.name) + ": " + toText(thrown.message) : describeThrown(thrown);
    site = isError ? programSite(thrown.stack) : null;
  } catch {
    message = "a value that cannot be described";
  }
  return jsonStringify({
    kind: "thrown",
    message: callIntrinsic(stringSlice, message, 0, 2000),
    isError,
    site,
    code: bridge === null ? null : bridge.code,
    callIndex: bridge === null ? null : bridge.callIndex,
  });
}

function describeThrown(thrown) {
  if (typeof thrown === "string") return thrown;
  if (thrown === null || typeof thrown !== "object") return toText(thrown);
  try {
    return jsonStringify(thrown) ?? toText(thrown);
  } catch {
    return toText(thrown);
  }
}
