import { BRIDGE_LIMITS } from "./bridge-limits.ts";
import type { PatchDescriptor, ToolValue } from "./tool-host.ts";

/**
 * Checks that `value` is a tool argument list as the prelude writes it, without recursion: at most
 * `maxArguments` items, each a bounded string, a finite number, a boolean, null, a patch or a bounded
 * list of strings or patches (never deeper). `isPatch` decides what counts as a patch.
 */
export function isBridgeArgumentList(value: unknown, isPatch: (item: unknown) => boolean): value is ToolValue[] {
  if (!Array.isArray(value) || value.length > BRIDGE_LIMITS.maxArguments) return false;
  return value.every((item) => {
    if (Array.isArray(item)) {
      return item.length <= BRIDGE_LIMITS.maxListLength && item.every((element) => isBoundedText(element) || isPatch(element));
    }
    return isBridgeScalar(item) || isPatch(item);
  });
}

function isBoundedText(value: unknown): boolean {
  return typeof value === "string" && value.length <= BRIDGE_LIMITS.maxTextLength;
}

function isBridgeScalar(value: unknown): boolean {
  return value === null || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) || isBoundedText(value);
}

/** True for a descriptor with a whole-number handle and four finite coordinates. */
export function isPatchDescriptor(value: unknown): value is PatchDescriptor {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { $patch, left, lower, right, upper } = value as Record<string, unknown>;
  return Number.isSafeInteger($patch) && [left, lower, right, upper].every((coordinate) => Number.isFinite(coordinate));
}

/**
 * A tool's result as it may cross into the isolate: a string, finite number, boolean, null, a patch or
 * a list of these (one level), with patches reduced to exactly their handle and box (`undefined` reads
 * as null). Undefined when the result has any other shape: a bug in the host, reported as such.
 */
export function toBridgeResult(value: ToolValue | undefined): { readonly value: ToolValue } | undefined {
  if (!Array.isArray(value)) {
    const copied = toBridgeScalar(value ?? null);
    return copied === undefined ? undefined : { value: copied };
  }
  if (value.length > BRIDGE_LIMITS.maxListLength) return undefined;
  const items: ToolValue[] = [];
  for (const item of value) {
    const copied = Array.isArray(item) ? undefined : toBridgeScalar(item);
    if (copied === undefined) return undefined;
    items.push(copied);
  }
  return { value: items };
}

function toBridgeScalar(value: unknown): ToolValue | undefined {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (!isPatchDescriptor(value)) return undefined;
  return { $patch: value.$patch, left: value.left, lower: value.lower, right: value.right, upper: value.upper };
}
