// Built-ins the bridge relies on, captured before any program code runs: a program that replaces
// `Array.isArray`, `JSON.stringify` or `Reflect.apply` changes nothing in how the bridge behaves.
// (Part of the prelude: every file in sandbox/prelude/ shares one strict-mode closure, see prelude-source.ts.)
const reflectApply = Reflect.apply;
const freeze = Object.freeze;
const defineProperty = Object.defineProperty;
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const hasOwn = Object.hasOwn;
const isArray = Array.isArray;
const jsonStringify = JSON.stringify;
const jsonParse = JSON.parse;
const regexpExec = RegExp.prototype.exec;
const stringReplace = String.prototype.replace;
const stringToLowerCase = String.prototype.toLowerCase;
const stringSplit = String.prototype.split;
const stringSlice = String.prototype.slice;
const weakMapGet = WeakMap.prototype.get;
const weakMapSet = WeakMap.prototype.set;
const numberIsFinite = Number.isFinite;
const numberIsSafeInteger = Number.isSafeInteger;
const parseNumber = Number;
const toText = String;
const mathSqrt = Math.sqrt;
const mathMax = Math.max;
const mathMin = Math.min;
const mathAbs = Math.abs;
const ErrorClass = Error;
const TypeErrorClass = TypeError;
const PromiseClass = Promise;
const captureStackTrace = Error.captureStackTrace;

/** Calls a captured method on `self`. */
function callIntrinsic(method, self, ...args) {
  return reflectApply(method, self, args);
}

/**
 * Defines an own, ordinary data property. Unlike `target[key] = value` it never runs a setter a program
 * put on a prototype (`Array.prototype[0]`), and the descriptor has no prototype, so a program's
 * `Object.prototype.get` cannot turn it into an accessor.
 */
function defineValue(target, key, value) {
  defineProperty(target, key, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
}

/** A short description of a value for error messages. */
function describeValue(value) {
  if (value === null) return "null";
  if (isArray(value)) return "an array";
  if (typeof value === "string") {
    return value.length > 40 ? "a " + value.length + "-character string" : "the string " + jsonStringify(value);
  }
  if (typeof value === "object" || typeof value === "function") return "a " + typeof value;
  return typeof value + " " + toText(value);
}
