import { describe, expect, it } from "vitest";
import { hostile, program, run } from "./run-helpers.ts";

// Each of these made V8 abort the whole process, or allocate gigabytes outside the heap, before the
// prelude guarded it (found by trying built-ins on 2^27–2^29 elements; docs/SANDBOX.md).
const HUGE = "2 ** 28";
const GUARDED: readonly [string, string][] = [
  ["Array.prototype.fill", `return new Array(${HUGE}).fill(0).length;`],
  ["Array.prototype.slice on a string", `return Array.prototype.slice.call("x".repeat(${HUGE})).length;`],
  ["Array.prototype.sort on an array-like", `return Array.prototype.sort.call({ length: ${HUGE} }).length;`],
  ["Array.prototype.toReversed", `return new Array(${HUGE}).toReversed().length;`],
  ["Array.prototype.toSorted", `return new Array(${HUGE}).toSorted().length;`],
  ["Array.prototype.toSpliced", `return Array.prototype.toSpliced.call({ length: ${HUGE} }, 0, 0).length;`],
  ["Array.prototype.with", `return new Array(${HUGE}).with(0, 1).length;`],
  ["Array.from an array-like", `return Array.from({ length: ${HUGE} }).length;`],
  ["String.prototype.split", `return "x".repeat(${HUGE}).split("").length;`],
  ["String.prototype.split on a String object", `return String.prototype.split.call(new String("x".repeat(${HUGE})), "").length;`],
  ["String.prototype.match", `return "x".repeat(2 ** 27).match(/x/g)!.length;`],
  ["String.prototype.matchAll", `return [..."x".repeat(2 ** 27).matchAll(/x/g)].length;`],
  ["String.prototype.replaceAll", `return "x".repeat(2 ** 27).replaceAll("", "y").length;`],
  ["String.prototype.replace", `return "x".repeat(2 ** 27).replace(/x/g, "yy").length;`],
  ["RegExp.prototype[Symbol.split] directly", `return (/(?:)/ as any)[Symbol.split]("x".repeat(${HUGE})).length;`],
  ["Object.keys of a huge string", `return Object.keys(new String("x".repeat(${HUGE}))).length;`],
  ["Object.getOwnPropertyNames of a huge string", `return Object.getOwnPropertyNames("x".repeat(2 ** 27)).length;`],
  ["Reflect.ownKeys of a huge string", `return Reflect.ownKeys(new String("x".repeat(2 ** 27))).length;`],
  ["String.prototype.normalize on a huge string", `return "x".padEnd(2 ** 29 - 24, "y").normalize("NFD").length;`],
  ["String.prototype.localeCompare with a huge argument", `return "a".localeCompare("x".repeat(${HUGE}));`],
  ["String.prototype.toLocaleUpperCase on a huge string", `return "x".repeat(${HUGE}).toLocaleUpperCase("tr").length;`],
];

describe("built-ins that abort V8 or allocate outside the heap refuse huge inputs → SANDBOX_MEMORY", () => {
  for (const [name, body] of GUARDED) hostile(name, program(body), "SANDBOX_MEMORY", { message: /would not fit in the sandbox's memory/ });

  hostile("Intl (ICU objects outside the heap) is not there", program('return new Intl.Collator("de").compare("a", "b");'), "PROGRAM_RUNTIME",
    { message: /Intl is not defined/ });
});

describe("the guarded built-ins behave as before on ordinary inputs", () => {
  it("arrays, strings, keys and locale methods", async () => {
    const result = await run(program(`const words = "red, green , blue".split(",").map((word) => word.trim());
return [
  words, words.slice(1), [3, 1, 2].sort(), [1, 2, 3].toReversed(), [3, 1, 2].toSorted((a, b) => b - a), [1, 2, 3].toSpliced(0, 1),
  [1, 2, 3].with(0, 9), new Array(3).fill(7), Array.from("abc"), Array.from({ length: 2 }, (_, index) => index),
  "a1b2".match(/\\d/g)!.join(""), [..."a1b2".matchAll(/\\d/g)].length, "aXbX".replaceAll("X", "-"), "aXbX".replace(/X/, "-"),
  Object.keys({ a: 1, b: 2 }), Object.values([5, 6]), Object.entries("hi").length, Reflect.ownKeys([1]).length,
  "e\\u0301".normalize("NFC"), ["b", "a", "c"].sort((a, b) => a.localeCompare(b)), "istanbul".toLocaleUpperCase("en"),
  Array.prototype.fill.length, String.prototype.split.name,
];`));
    expect(result.answer).toEqual([
      ["red", "green", "blue"], ["green", "blue"], [1, 2, 3], [3, 2, 1], [3, 2, 1], [2, 3],
      [9, 2, 3], [7, 7, 7], ["a", "b", "c"], [0, 1],
      "12", 2, "a-b-", "a-bX",
      ["a", "b"], [5, 6], 2, 2,
      "é", ["a", "b", "c"], "ISTANBUL",
      1, "split",
    ]);
  });
});
