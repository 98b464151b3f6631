import { describe, expect, it } from "vitest";
import { normalizeAnswer } from "../../src/agent/normalize-answer.ts";

describe("normalizeAnswer", () => {
  it("keeps numbers as numbers and turns number strings into numbers", () => {
    expect(normalizeAnswer(3)).toBe(3);
    expect(normalizeAnswer(" 4 ")).toBe(4);
    expect(normalizeAnswer("2.5")).toBe(2.5);
  });

  it("folds yes/no and trims punctuation and quotes", () => {
    expect(normalizeAnswer("Yes.")).toBe("yes");
    expect(normalizeAnswer("NO")).toBe("no");
    expect(normalizeAnswer('  "red"  ')).toBe("red");
    expect(normalizeAnswer(true)).toBe("yes");
    expect(normalizeAnswer(false)).toBe("no");
  });

  it("leaves words, null, lists and patches otherwise alone", () => {
    expect(normalizeAnswer("light blue")).toBe("light blue");
    expect(normalizeAnswer(null)).toBeNull();
    expect(normalizeAnswer(["Yes.", 2])).toEqual(["yes", 2]);
    const patch = { $patch: 1, left: 0, lower: 0, right: 2, upper: 2 };
    expect(normalizeAnswer(patch as never)).toBe(patch);
  });
});
