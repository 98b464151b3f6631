import { escapeControlCharacters, unicodeEscape } from "../errors/control-characters.ts";

// What JSON leaves raw (it escapes C0 itself) but terminals act on.
const CONTROL_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a program or a model, made safe to print on a terminal: every control character is shown
 * as an escape (`\n`, `\u001b`) instead of acting. With `keepNewlines`, line feeds stay.
 */
export function escapeForTerminal(text: string, options: { keepNewlines?: boolean } = {}): string {
  return escapeControlCharacters(text, options);
}

/** JSON text with the characters JSON leaves raw but terminals act on written as `\uXXXX` (the same JSON value). */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(CONTROL_IN_JSON, unicodeEscape);
}
