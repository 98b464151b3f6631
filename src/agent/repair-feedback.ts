import type { PatchBox, TraceEntry } from "../../sandbox/index.ts";
import { ViperError } from "../errors/index.ts";
import type { CapabilityView } from "./capabilities/capability-view.ts";
import { unservedRunMessage } from "./capabilities/unserved-run-message.ts";
import { formatDiagnostics, type ProgramDiagnostic } from "./checks/program-diagnostic.ts";
import type { PlanFeedback } from "./planner.ts";

const MAX_TRACE_ENTRIES = 12;
const MAX_ENTRY_CHARS = 240;

/** Feedback for an answer that held no usable program: the model's own words and what was wrong. */
export function outputFeedback(error: ViperError): PlanFeedback {
  const output = typeof error.details.output === "string" ? error.details.output : "";
  return { output: output === "" ? "(no answer)" : output, problem: error.message };
}

const CHECK_HEADERS: Readonly<Record<string, string>> = {
  PROGRAM_SYNTAX: "The program does not parse:",
  PROGRAM_TYPE: "The program was rejected before it ran:",
  NO_BACKEND: "The program asks for what this set-up cannot see:",
};

/**
 * Feedback for a program the checker rejected: the program and its diagnostics with line numbers, each
 * saying in the API's terms what was wrong and what to use instead (not what a person should configure).
 */
export function checkFeedback(program: string, error: ViperError): PlanFeedback {
  const diagnostics = Array.isArray(error.details.diagnostics) ? (error.details.diagnostics as ProgramDiagnostic[]) : undefined;
  if (diagnostics === undefined) return { output: fence(program), problem: error.message };
  const header = CHECK_HEADERS[error.code] ?? "The program was rejected before it ran:";
  return { output: fence(program), problem: `${header}\n${formatDiagnostics(program, diagnostics, "model")}` };
}

/**
 * Feedback for a program that failed while running: the error with its line and that line's source, in
 * the model's terms (a call the set-up cannot serve says what it serves and what to use instead; limits
 * are not the model's to raise), and a summary of what the program did before it failed (the trace so
 * far), which is often what explains it.
 */
export function runtimeFeedback(program: string, error: ViperError, capabilities?: CapabilityView): PlanFeedback {
  const line = typeof error.details.line === "number" ? error.details.line : undefined;
  const sourceLine = line === undefined ? undefined : program.split("\n")[line - 1]?.trim();
  const where = line === undefined ? "" : ` at line ${line}${sourceLine ? ` (\`${sourceLine}\`)` : ""}`;
  const trace = Array.isArray(error.details.trace) ? (error.details.trace as TraceEntry[]) : [];
  const steps = summarizeTrace(trace);
  const problem = [`The program failed while running${where}: ${modelFacingMessage(error, capabilities)}`, steps === "" ? "" : `What it did before failing:\n${steps}`]
    .filter((part) => part !== "")
    .join("\n");
  return { output: fence(program), problem };
}

/** A run error in the model's terms: what the API offers instead of an unserved call; no settings to raise. */
function modelFacingMessage(error: ViperError, capabilities: CapabilityView | undefined): string {
  if (error.code === "NO_BACKEND" && capabilities !== undefined) {
    const message = unservedRunMessage(error.details, capabilities);
    if (message !== undefined) return message;
  }
  return withoutSettings(error.message).replace(/ \(tool call at program line [^)]*\)/, "");
}

/** Sandbox messages end with the setting a person could raise ("or raise wallTimeoutMs"); the model cannot. */
function withoutSettings(message: string): string {
  return message.replace(/,? or raise \w+/g, "");
}

/** The last steps of a trace, one line each, short enough to send to a model. */
export function summarizeTrace(trace: readonly TraceEntry[]): string {
  const shown = trace.slice(-MAX_TRACE_ENTRIES);
  const lines = shown.map((entry) => `- ${describeEntry(entry)}`);
  if (trace.length > shown.length) lines.unshift(`- (${trace.length - shown.length} earlier steps)`);
  return lines.join("\n");
}

/** `line 3: find("foo") on patch [0, 0, 480, 320] → 2 patches`, or the call's error. */
function describeEntry(entry: TraceEntry): string {
  const args = entry.args.map((argument) => JSON.stringify(argument)).join(", ");
  const target = entry.target === null ? "" : ` on patch ${boxText(entry.target)}`;
  // A person's advice (what to configure, which limit to raise) is no use to the model: the error above says what to do.
  const failure = entry.error?.code === "NO_BACKEND" ? "this set-up cannot serve it" : `${entry.error?.code}: ${withoutSettings(entry.error?.message ?? "")}`;
  const outcome = entry.error ? `failed: ${failure}` : (entry.result ?? "(did not finish)");
  const text = `${entry.line === null ? "" : `line ${entry.line}: `}${entry.tool}(${args})${target} → ${outcome}`;
  return text.length > MAX_ENTRY_CHARS ? `${text.slice(0, MAX_ENTRY_CHARS)}…` : text;
}

function boxText(box: PatchBox): string {
  return `[${box.left}, ${box.lower}, ${box.right}, ${box.upper}]`;
}

function fence(program: string): string {
  return `\`\`\`ts\n${program.trimEnd()}\n\`\`\``;
}

/** Whether feeding this run failure back to a planner could help (a program's fault, not the machine's). */
export function isRepairableRunError(error: unknown): error is ViperError {
  return ViperError.isInstance(error) && REPAIRABLE_RUN_CODES.has(error.code);
}

const REPAIRABLE_RUN_CODES = new Set<string>([
  "PROGRAM_SYNTAX",
  "PROGRAM_TYPE",
  "PROGRAM_RUNTIME",
  "PROGRAM_RESULT",
  "SANDBOX_TIMEOUT",
  "SANDBOX_CPU",
  "SANDBOX_MEMORY",
  // Awaiting what nothing can settle, and making V8 abort its sandbox process, are the program's doing.
  "SANDBOX_DEADLOCK",
  "SANDBOX_CRASHED",
  "TOOL_LIMIT",
  "RESULT_TOO_LARGE",
  "TOOL_ARGUMENT",
  // Another primitive may be served (e.g. find instead of simple_query when no VLM is configured).
  "NO_BACKEND",
]);
