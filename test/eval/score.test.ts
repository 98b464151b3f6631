import { describe, expect, it } from "vitest";
import { isCorrectAnswer, normalizeAnswer, numericValue } from "../../src/eval/score.ts";

describe("normalizeAnswer", () => {
  it("lower-cases, drops punctuation and articles, and spells numbers as digits", () => {
    expect(normalizeAnswer("The Red one.")).toBe("red 1");
    expect(normalizeAnswer("Three!")).toBe("3");
    expect(normalizeAnswer("  an apple ")).toBe("apple");
  });

  it("maps booleans and yes/no variants to yes/no", () => {
    expect(normalizeAnswer(true)).toBe("yes");
    expect(normalizeAnswer(false)).toBe("no");
    expect(normalizeAnswer("Yes.")).toBe("yes");
    expect(normalizeAnswer("TRUE")).toBe("yes");
    expect(normalizeAnswer("false")).toBe("no");
  });

  it("treats British colour spellings as American", () => {
    expect(normalizeAnswer("Grey")).toBe("gray");
  });

  it("turns missing answers into the empty string", () => {
    expect(normalizeAnswer(null)).toBe("");
    expect(normalizeAnswer(undefined)).toBe("");
    expect(normalizeAnswer(Number.NaN)).toBe("");
  });
});

describe("isCorrectAnswer", () => {
  it("accepts a number however it is written", () => {
    for (const answer of [3, "3", "three", "Three.", "There are 3.", "3 apples", "3.0"]) {
      expect(isCorrectAnswer({ expected: 3, answer }), String(answer)).toBe(true);
    }
    expect(isCorrectAnswer({ expected: "three", answer: 3 })).toBe(true);
  });

  it("requires a numeric answer to match exactly, with one number stated", () => {
    for (const answer of [4, "4", "2.9", "3 or 4", "between 1 and 10", "", "many", null, true]) {
      expect(isCorrectAnswer({ expected: 3, answer }), String(answer)).toBe(false);
    }
  });

  it("reads yes/no from the first word, booleans included", () => {
    expect(isCorrectAnswer({ expected: "yes", answer: "Yes." })).toBe(true);
    expect(isCorrectAnswer({ expected: "yes", answer: true })).toBe(true);
    expect(isCorrectAnswer({ expected: "no", answer: "false" })).toBe(true);
    expect(isCorrectAnswer({ expected: "yes", answer: "Yes, there is a dog." })).toBe(true);
    expect(isCorrectAnswer({ expected: true, answer: "yes" })).toBe(true);
    expect(isCorrectAnswer({ expected: "no", answer: "yes" })).toBe(false);
    expect(isCorrectAnswer({ expected: "no", answer: "I do not know" })).toBe(false);
  });

  it("compares words after normalisation, not by containment", () => {
    expect(isCorrectAnswer({ expected: "red", answer: "Red." })).toBe(true);
    expect(isCorrectAnswer({ expected: "gray", answer: "grey" })).toBe(true);
    expect(isCorrectAnswer({ expected: "circle", answer: "a circle" })).toBe(true);
    expect(isCorrectAnswer({ expected: "red", answer: "dark red" })).toBe(false);
    expect(isCorrectAnswer({ expected: "red", answer: "blue" })).toBe(false);
  });
});

describe("numericValue", () => {
  it("reads integers and number words, and nothing else", () => {
    expect(numericValue(7)).toBe(7);
    expect(numericValue("seven")).toBe(7);
    expect(numericValue("yes")).toBeUndefined();
    expect(numericValue("red")).toBeUndefined();
    expect(numericValue(true)).toBeUndefined();
  });
});
