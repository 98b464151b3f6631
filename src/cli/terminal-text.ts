// Characters a terminal acts on instead of showing: C0 controls (ESC starts escape sequences that set the
// title, clear the screen or move the cursor; CR and LF fake lines), DEL, C1 controls (U+009B is a
// one-character CSI on some terminals), the line and paragraph separators, and the bidirectional
// overrides that reorder what is shown.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same, minus what JSON.stringify already escapes (C0), for JSON text.
const CONTROL_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Text from a program or a model, made safe to print on a terminal: every control character is shown
 * as an escape (`\n`, `\u001b`) instead of acting. With `keepNewlines`, line feeds stay (for stacks).
 */
export function escapeForTerminal(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(CONTROL, (character) =>
    options.keepNewlines === true && character === "\n" ? character : (NAMED[character] ?? unicodeEscape(character)));
}

/** JSON text with the characters JSON leaves raw but terminals act on written as `\uXXXX` (the same JSON value). */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(CONTROL_IN_JSON, unicodeEscape);
}
