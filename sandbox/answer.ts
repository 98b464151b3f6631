/** A patch's box in the answer and the trace: absolute coordinates, origin bottom-left (ViperGPT). */
export interface PatchBox {
  readonly left: number;
  readonly lower: number;
  readonly right: number;
  readonly upper: number;
}

/** What a run answers: the program's value, with every ImagePatch replaced by its box. */
export type ProgramAnswer = string | number | boolean | null | PatchBox | ProgramAnswer[];

const BOX_KEYS = ["left", "lower", "right", "upper"] as const;

/** True for an object with exactly the four finite box coordinates. */
export function isPatchBox(value: unknown): value is PatchBox {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === BOX_KEYS.length &&
    BOX_KEYS.every((key) => Number.isFinite((value as Record<string, unknown>)[key]))
  );
}

/**
 * Checks that a value decoded from the isolate really is a ProgramAnswer. The isolate already encodes
 * only answers, but a program can tamper with its own built-ins, so the host does not take its word.
 */
export function isProgramAnswer(value: unknown, depth = 0): value is ProgramAnswer {
  if (depth > 64) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isProgramAnswer(item, depth + 1));
  return isPatchBox(value);
}
