// Characters a terminal acts on instead of showing: C0 controls (ESC starts escape sequences that set the
// title, clear the screen or move the cursor; CR and LF fake lines), DEL, C1 controls (U+009B is a
// one-character CSI on some terminals), the line and paragraph separators, and the bidirectional marks
// and overrides that reorder what is shown.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `\uXXXX` for one UTF-16 code unit. */
export function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Text that came from a program or a model, with every control character written as an escape (`\n`,
 * `\u001b`) so that quoting it in a message or on a terminal shows it instead of acting on it. With
 * `keepNewlines`, line feeds stay (for messages that are lists on purpose, and stacks).
 */
export function escapeControlCharacters(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(CONTROL, (character) =>
    options.keepNewlines === true && character === "\n" ? character : (NAMED[character] ?? unicodeEscape(character)));
}
