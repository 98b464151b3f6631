import { ViperError } from "../errors/index.ts";
import { BRIDGE_LIMITS } from "../../sandbox/bridge-limits.ts";
import type { PatchDescriptor, ToolValue } from "../../sandbox/tool-host.ts";

/** Longest text a tool accepts (object names, questions, options); the bridge carries no longer. */
export const MAX_TEXT_LENGTH = BRIDGE_LIMITS.maxTextLength;
/** Most options or patches a list argument may hold; the bridge carries no more. */
export const MAX_LIST_LENGTH = BRIDGE_LIMITS.maxListLength;

/**
 * Checks the arguments of one tool call. The host trusts nothing that crosses the bridge: every value
 * is checked for type and range, and a bad one becomes a TOOL_ARGUMENT error naming the tool and argument.
 */
export class ToolArguments {
  readonly #tool: string;
  readonly #values: readonly ToolValue[];

  constructor(tool: string, values: readonly ToolValue[]) {
    this.#tool = tool;
    this.#values = values;
  }

  /** A non-empty string of at most MAX_TEXT_LENGTH characters. */
  text(index: number, name: string): string {
    const value = this.#values[index];
    if (typeof value !== "string" || value.trim() === "") throw this.#bad(name, "a non-empty string", value);
    if (value.length > MAX_TEXT_LENGTH) throw this.#bad(name, `a string of at most ${MAX_TEXT_LENGTH} characters`, value);
    return value.trim();
  }

  /** An optional string (undefined and null mean absent). */
  optionalText(index: number, name: string): string | undefined {
    const value = this.#values[index];
    return value === undefined || value === null ? undefined : this.text(index, name);
  }

  /** A finite number. */
  number(index: number, name: string): number {
    const value = this.#values[index];
    if (typeof value !== "number" || !Number.isFinite(value)) throw this.#bad(name, "a finite number", value);
    return value;
  }

  /** An optional boolean (undefined and null mean `fallback`). */
  optionalBoolean(index: number, name: string, fallback: boolean): boolean {
    const value = this.#values[index];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "boolean") throw this.#bad(name, "true or false", value);
    return value;
  }

  /** A non-empty list of non-empty strings. */
  textList(index: number, name: string): string[] {
    const value = this.#values[index];
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST_LENGTH) {
      throw this.#bad(name, `a list of 1 to ${MAX_LIST_LENGTH} strings`, value);
    }
    const items = new ToolArguments(this.#tool, value);
    return value.map((_, position) => items.text(position, `${name}[${position}]`));
  }

  /** A list of patch handles (possibly empty). */
  patchHandles(index: number, name: string): number[] {
    const value = this.#values[index];
    if (!Array.isArray(value) || value.length > MAX_LIST_LENGTH) throw this.#bad(name, `a list of at most ${MAX_LIST_LENGTH} ImagePatch objects`, value);
    return value.map((item) => {
      if (!isPatchDescriptor(item)) throw this.#bad(name, "a list of ImagePatch objects", item);
      return item.$patch;
    });
  }

  #bad(name: string, expected: string, value: unknown): ViperError {
    return new ViperError({
      code: "TOOL_ARGUMENT",
      message: `${this.#tool}: argument "${name}" must be ${expected}, got ${describe(value)}.`,
      details: { tool: this.#tool, argument: name },
    });
  }
}

function isPatchDescriptor(value: unknown): value is PatchDescriptor {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { $patch?: unknown }).$patch === "number";
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "string") return value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
