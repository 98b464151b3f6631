/** A ground-truth answer: an integer, "yes"/"no" (or a boolean), or a word. */
export type ExpectedAnswer = number | boolean | string;

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0, none: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20,
};

const YES_WORDS = new Set(["yes", "true", "yeah", "yep", "correct"]);
const NO_WORDS = new Set(["no", "false", "nope", "incorrect"]);
const ARTICLES = new Set(["a", "an", "the"]);
const SPELLING_VARIANTS: Readonly<Record<string, string>> = { grey: "gray", colour: "color" };

/**
 * Normalises an answer to compare it: lower case, punctuation and articles dropped, number words as digits
 * ("Three." → "3"), booleans and yes/no variants as "yes"/"no" ("True" → "yes"), British spellings of
 * colours as American ("grey" → "gray"). Arrays and patches are not answers a question set can expect, so
 * they normalise to their JSON text.
 */
export function normalizeAnswer(answer: unknown): string {
  if (typeof answer === "boolean") return answer ? "yes" : "no";
  if (typeof answer === "number") return Number.isFinite(answer) ? String(answer) : "";
  if (typeof answer !== "string") return answer === null || answer === undefined ? "" : JSON.stringify(answer);
  return tokens(answer).join(" ");
}

/**
 * Whether an answer matches the expected one, after {@link normalizeAnswer}.
 * - Numeric expectations: the answer must state exactly one number, and it must equal the expected one
 *   ("3", 3, "three", "There are 3." all match 3; "3 or 4", "about 3.5" and "4" do not). No tolerance.
 * - Yes/no expectations ("yes", "no", true, false): the answer's first word decides ("Yes, there is" → yes).
 * - Anything else: the normalised texts must be equal ("The red one" ≠ "red").
 */
export function isCorrectAnswer(options: { expected: ExpectedAnswer; answer: unknown }): boolean {
  const { expected, answer } = options;
  const expectedNumber = numericValue(expected);
  if (expectedNumber !== undefined) return onlyNumberIn(answer) === expectedNumber;
  const expectedText = normalizeAnswer(expected);
  if (expectedText === "yes" || expectedText === "no") return yesNoOf(answer) === expectedText;
  return normalizeAnswer(answer) === expectedText;
}

/** The number a ground-truth answer stands for (3, "3", "three"), or undefined for yes/no and words. */
export function numericValue(expected: ExpectedAnswer): number | undefined {
  if (typeof expected === "number") return Number.isFinite(expected) ? expected : undefined;
  if (typeof expected !== "string") return undefined;
  const words = tokens(expected);
  if (words.length !== 1) return undefined;
  const value = Number(words[0]);
  return Number.isFinite(value) && words[0] !== "" ? value : undefined;
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\d),(\d{3})/g, "$1$2")
    .replace(/[^a-z0-9.\-\s]/g, " ")
    .split(/\s+/)
    .map((word) => word.replace(/^[.\-]+|[.\-]+$/g, ""))
    .filter((word) => word !== "" && !ARTICLES.has(word))
    .map((word) => (word in NUMBER_WORDS ? String(NUMBER_WORDS[word]) : word))
    .map((word) => SPELLING_VARIANTS[word] ?? (YES_WORDS.has(word) ? "yes" : NO_WORDS.has(word) ? "no" : word));
}

/** The single number an answer states, or undefined when it states none or several different ones. */
function onlyNumberIn(answer: unknown): number | undefined {
  if (typeof answer === "number") return Number.isFinite(answer) ? answer : undefined;
  if (typeof answer !== "string") return undefined;
  const numbers = new Set(tokens(answer).map(Number).filter((value) => Number.isFinite(value)));
  return numbers.size === 1 ? [...numbers][0] : undefined;
}

function yesNoOf(answer: unknown): "yes" | "no" | undefined {
  const first = normalizeAnswer(answer).split(" ")[0];
  return first === "yes" || first === "no" ? first : undefined;
}
