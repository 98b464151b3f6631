import type { ProgramAnswer } from "../../sandbox/index.ts";

const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * Tidies an answer without changing what it says: numbers stay numbers, strings are trimmed and lose a
 * final period and surrounding quotes, "Yes."/"NO" become "yes"/"no", a string that is just a number becomes
 * that number, and booleans become "yes"/"no" (the form question files use). Lists are tidied element by
 * element; patches pass through.
 */
export function normalizeAnswer(answer: ProgramAnswer): ProgramAnswer {
  if (typeof answer === "boolean") return answer ? "yes" : "no";
  if (Array.isArray(answer)) return answer.map(normalizeAnswer);
  if (typeof answer !== "string") return answer;
  const text = answer
    .trim()
    .replace(/^["'`]+|["'`]+$/g, "")
    .replace(/\.+$/, "")
    .trim();
  if (/^(?:yes|no)$/i.test(text)) return text.toLowerCase();
  if (NUMBER.test(text)) return Number(text);
  return text;
}
