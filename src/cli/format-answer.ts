import type { ProgramAnswer } from "../../sandbox/index.ts";
import { escapeForTerminal } from "./terminal-text.ts";

/**
 * The answer as one line for people: strings as they are (control characters escaped, so an answer
 * cannot drive the terminal), patches as ImagePatch(l, lo, r, u).
 */
export function formatAnswer(answer: ProgramAnswer): string {
  if (typeof answer === "string") return escapeForTerminal(answer);
  if (answer === null || typeof answer !== "object") return String(answer);
  if (Array.isArray(answer)) return `[${answer.map(formatAnswer).join(", ")}]`;
  return `ImagePatch(${answer.left}, ${answer.lower}, ${answer.right}, ${answer.upper})`;
}
