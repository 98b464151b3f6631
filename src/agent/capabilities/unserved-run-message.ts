import { limitedRequestMessage, unknownLabelMessage, unservedMemberMessage } from "./capability-text.ts";
import type { CapabilityView } from "./capability-view.ts";
import { MEMBER_BACKENDS } from "./member-backends.ts";

/**
 * A NO_BACKEND error from a run, in the model's terms: what the set-up serves and what to use instead.
 * Reads the details the back-ends attach (`primitive` and `request`, or a detector's `label`); returns
 * undefined when they do not say which call it was.
 */
export function unservedRunMessage(details: Readonly<Record<string, unknown>>, view: CapabilityView): string | undefined {
  const primitive = typeof details.primitive === "string" ? details.primitive : undefined;
  const request = typeof details.request === "string" ? details.request : undefined;
  const label = typeof details.label === "string" ? details.label : undefined;
  const called = request === undefined ? undefined : /^(\w+)\(/.exec(request)?.[1];
  const member =
    label !== undefined ? "find" : primitive === "score" ? (called !== undefined && Object.hasOwn(MEMBER_BACKENDS, called) ? called : "verify_property") : primitive;
  if (member === undefined || !Object.hasOwn(MEMBER_BACKENDS, member)) return undefined;
  const capability = view.member(member);
  if (capability === undefined || capability.level === "none") return unservedMemberMessage(member, view);
  const text = label ?? argumentOf(request) ?? "";
  const call = called === undefined ? `${member}(${JSON.stringify(text)})` : (request as string);
  return MEMBER_BACKENDS[member] === "detector" ? unknownLabelMessage(call, text, view) : limitedRequestMessage(member, call, view);
}

/** `x` of `find("x")`, or the request itself when it is not a call. */
function argumentOf(request: string | undefined): string | undefined {
  if (request === undefined) return undefined;
  const quoted = /^\w+\("((?:[^"\\]|\\.)*)"\)$/.exec(request);
  return quoted === null ? (/^\w+\(/.test(request) ? undefined : request) : quoted[1];
}
