import { readFile } from "node:fs/promises";
import { ViperError } from "../../errors/index.ts";

/**
 * Class names from an ONNX file's `names` metadata, in output order. Ultralytics writes a Python dict
 * literal (`{0: 'person', 1: 'bicycle'}`, quotes either way, backslash escapes); JSON (an array, or an object
 * of index → name) is read too. Undefined when the value is none of these. A missing index is named
 * `class <index>`.
 */
export function parseClassNames(text: string): string[] | undefined {
  const trimmed = text.trim();
  const json = tryJson(trimmed);
  const entries = json !== undefined ? jsonEntries(json) : pythonDictEntries(trimmed);
  return entries === undefined || entries.size === 0 ? undefined : denseNames(entries);
}

/**
 * Reads a labels file (`--labels`): one class name per line in output order (trailing blank lines ignored;
 * the format of coco.names and classes.txt), or JSON as in {@link parseClassNames}. An unreadable or empty
 * file → CONFIG_INVALID.
 */
export async function readLabelsFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `Cannot read the labels file ${path}; check the path.`, details: { path }, cause: error });
  }
  const trimmed = text.trim();
  const names = trimmed.startsWith("[") || trimmed.startsWith("{") ? parseClassNames(trimmed) : trimmed.split(/\r?\n/).map((line) => line.trim());
  if (!names || names.length === 0 || names.every((name) => name === "")) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `The labels file ${path} names no classes; write one class name per line, in the model's output order.`,
      details: { path },
    });
  }
  return names;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function jsonEntries(value: unknown): Map<number, string> | undefined {
  if (Array.isArray(value)) return value.every((item) => typeof item === "string") ? new Map(value.map((name, index) => [index, name])) : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  const entries = new Map<number, string>();
  for (const [key, name] of Object.entries(value)) {
    if (!/^\d+$/.test(key) || typeof name !== "string") return undefined;
    entries.set(Number(key), name);
  }
  return entries;
}

// A Python dict literal of int → str: `{0: 'person', 1: "it's"}`.
function pythonDictEntries(text: string): Map<number, string> | undefined {
  const pattern = /\s*(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(,|\})/y;
  if (!text.startsWith("{") || !text.endsWith("}")) return undefined;
  const entries = new Map<number, string>();
  pattern.lastIndex = 1;
  for (;;) {
    const position = pattern.lastIndex;
    const match = pattern.exec(text);
    // A trailing comma before the closing brace is valid Python.
    if (!match) return entries.size > 0 && text.slice(position).trim() === "}" ? entries : undefined;
    entries.set(Number(match[1]), unescape(match[2] ?? match[3] ?? ""));
    if (match[4] === "}") return pattern.lastIndex === text.length ? entries : undefined;
  }
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, (_, character: string) => (character === "n" ? "\n" : character === "t" ? "\t" : character));
}

function denseNames(entries: Map<number, string>): string[] {
  const count = Math.max(...entries.keys()) + 1;
  return Array.from({ length: count }, (_, index) => entries.get(index) ?? `class ${index}`);
}
