// Built-ins that can take the whole process down, or allocate far outside the isolate's heap, refuse
// inputs no program in a 64 MB heap needs, with SANDBOX_MEMORY, before they start.
//
// - Element counts. V8 allocates some results in one piece (`new Array(1e9).fill(0)`, `s.split("")` on
//   a 2^27-character string, `toReversed` and `with` on a huge sparse array) and, past a size, aborts
//   the PROCESS instead of throwing, beyond isolated-vm's memory limit. A result with more elements than
//   the heap could hold (`settings.maxElements`, one 8-byte slot each) is refused.
// - ICU. Normalisation, locale comparison and locale case mapping copy the string into memory outside
//   the V8 heap (a 2^29-character `normalize` took 2.75 GB), so they refuse strings over
//   `settings.maxLocaleTextLength`. `Intl` itself is removed: its objects hold ICU memory the heap limit
//   never sees (37,000 of them kept 500 MB alive).
//
// These close the paths that were found, not every possible one: docs/SANDBOX.md says what remains and
// why `viper` runs programs in a child process (process isolation) as well.

function memoryError(name, size, unit, limit) {
  return bridgeError("SANDBOX_MEMORY", name + " on " + size + " " + unit + " would not fit in the sandbox's memory (at most " + limit +
    "). Work on smaller arrays and strings.", null);
}

/** The length a built-in would read from `value` (an array, array-like or string), or 0. */
function lengthOf(value) {
  if (typeof value === "string") return value.length;
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return 0;
  const length = parseNumber(value.length);
  return length > 0 ? length : 0;
}

/**
 * How many keys `value` has because of its length: a string's characters, or an own numeric `length`
 * (arrays, String objects, arguments). Other objects' `length` says nothing about their keys.
 */
function keyCountOf(value) {
  if (typeof value === "string") return value.length;
  if (value === null || typeof value !== "object") return 0;
  const descriptor = getOwnPropertyDescriptor(value, "length");
  return descriptor !== undefined && hasOwn(descriptor, "value") && typeof descriptor.value === "number" ? descriptor.value : 0;
}

/** Length of `value` as a string (what String.prototype methods work on). */
function textLengthOf(value) {
  return typeof value === "string" ? value.length : value === null || value === undefined ? 0 : toText(value).length;
}

/**
 * Replaces `owner[key]` with a function that first asks `sizeOf(this, args)` and refuses sizes over
 * `limit` ("elements" or "characters", for the message). Same name and length as the original.
 */
function guardBuiltIn(owner, key, sizeOf, limit) {
  const original = owner[key];
  const name = typeof key === "symbol" ? "[" + toText(key.description) + "]" : key;
  const guarded = {
    [name](...args) {
      const size = sizeOf(this, args);
      if (size > limit) throw memoryError(name, size, sizeOf.unit, limit);
      return reflectApply(original, this, args);
    },
  }[name];
  defineProperty(guarded, "length", { __proto__: null, value: original.length, configurable: true });
  defineProperty(owner, key, { __proto__: null, value: guarded, writable: true, configurable: true, enumerable: false });
}

/** A size function for guardBuiltIn, with the unit its sizes count. */
function sizeIn(unit, sizeOf) {
  defineValue(sizeOf, "unit", unit);
  return sizeOf;
}

const sizeOfThis = sizeIn("elements", (self) => lengthOf(self));
const sizeOfThisText = sizeIn("characters", (self) => textLengthOf(self));
const sizeOfFirstArgument = sizeIn("elements", (_self, args) => lengthOf(args[0]));
const sizeOfFirstText = sizeIn("characters", (_self, args) => textLengthOf(args[0]));
const keysOfFirstArgument = sizeIn("elements", (_self, args) => keyCountOf(args[0]));
const sizeOfThisOrOtherText = sizeIn("characters", (self, args) => mathMax(textLengthOf(self), textLengthOf(args[0])));

for (const key of ["fill", "slice", "sort", "toReversed", "toSorted", "toSpliced", "with"]) {
  guardBuiltIn(Array.prototype, key, sizeOfThis, settings.maxElements);
}
guardBuiltIn(Array, "from", sizeOfFirstArgument, settings.maxElements);
for (const key of ["split", "match", "matchAll", "replace", "replaceAll"]) {
  guardBuiltIn(String.prototype, key, sizeOfThisText, settings.maxElements);
}
for (const key of [Symbol.split, Symbol.match, Symbol.matchAll, Symbol.replace]) {
  guardBuiltIn(RegExp.prototype, key, sizeOfFirstText, settings.maxElements);
}
for (const key of ["keys", "values", "entries", "getOwnPropertyNames", "getOwnPropertyDescriptors"]) {
  guardBuiltIn(Object, key, keysOfFirstArgument, settings.maxElements);
}
guardBuiltIn(Reflect, "ownKeys", keysOfFirstArgument, settings.maxElements);
for (const key of ["normalize", "toLocaleLowerCase", "toLocaleUpperCase"]) {
  guardBuiltIn(String.prototype, key, sizeOfThisText, settings.maxLocaleTextLength);
}
guardBuiltIn(String.prototype, "localeCompare", sizeOfThisOrOtherText, settings.maxLocaleTextLength);
delete global.Intl;
