import { DEFAULT_POLICY, type SandboxPolicy } from "../../sandbox/index.ts";
import { ViperError, type ViperErrorCode } from "../errors/index.ts";
import { wholeNumberOption } from "./command-line.ts";

/** parseArgs definitions of the sandbox limits that `run`, `ask` and `eval` accept. */
export const LIMIT_OPTIONS = {
  timeout: { type: "string" },
  "cpu-ms": { type: "string" },
  "memory-mb": { type: "string" },
  "max-tool-calls": { type: "string" },
} as const;

/** Help lines for {@link LIMIT_OPTIONS}, with the defaults the sandbox really uses. */
export const LIMIT_HELP = `Sandbox limits, per program run (docs/SANDBOX.md):
  --timeout <seconds>             wall-clock time, tool calls included (default ${DEFAULT_POLICY.wallTimeoutMs / 1000})
  --cpu-ms <ms>                   CPU time the program itself may use (default ${DEFAULT_POLICY.cpuTimeMs})
  --memory-mb <MB>                heap of the program's isolate, at least 8 (default ${DEFAULT_POLICY.memoryLimitMb})
  --max-tool-calls <n>            perception and crop calls the program may make (default ${DEFAULT_POLICY.maxToolCalls})`;

/** Each limit's command-line flag, by the sandbox policy field it sets and the error code it trips. */
const FLAGS: ReadonlyArray<{ field: keyof SandboxPolicy; flag: string; code: ViperErrorCode }> = [
  { field: "wallTimeoutMs", flag: "--timeout", code: "SANDBOX_TIMEOUT" },
  { field: "cpuTimeMs", flag: "--cpu-ms", code: "SANDBOX_CPU" },
  { field: "memoryLimitMb", flag: "--memory-mb", code: "SANDBOX_MEMORY" },
  { field: "maxToolCalls", flag: "--max-tool-calls", code: "TOOL_LIMIT" },
];

/**
 * The sandbox policy the limit options ask for (absent options keep the defaults).
 * @throws ViperError CONFIG_INVALID naming the flag when a value is not a number in range.
 */
export function policyFromOptions(values: Record<string, unknown>): Partial<SandboxPolicy> {
  const text = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const policy: { -readonly [K in keyof SandboxPolicy]?: number } = {};
  const timeout = text("timeout");
  if (timeout !== undefined) policy.wallTimeoutMs = secondsToMs(timeout);
  policy.cpuTimeMs = wholeNumberOption({ option: "--cpu-ms", value: text("cpu-ms"), minimum: 1 });
  policy.memoryLimitMb = wholeNumberOption({ option: "--memory-mb", value: text("memory-mb"), minimum: 8 });
  policy.maxToolCalls = wholeNumberOption({ option: "--max-tool-calls", value: text("max-tool-calls"), minimum: 0 });
  return Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined));
}

/**
 * The error a command-line user sees: a tripped limit names the flag that raises it (the sandbox, a library,
 * speaks of its policy fields, e.g. "raise cpuTimeMs"), in the error and in the agent's attempts it carries.
 * Other errors pass through unchanged.
 */
export function withLimitFlags(error: unknown): unknown {
  if (!ViperError.isInstance(error)) return error;
  const limit = FLAGS.find((candidate) => candidate.code === error.code);
  const attempts = Array.isArray(error.details.attempts) ? attemptsWithLimitFlags(error.details.attempts as AttemptLike[]) : undefined;
  if (limit === undefined && attempts === undefined) return error;
  const details = { ...error.details, ...(attempts ? { attempts } : {}), ...(limit ? { option: limit.flag } : {}) };
  return new ViperError({ code: error.code, message: messageWithLimitFlags(error.code, error.message), details, cause: error.cause });
}

/** An agent attempt as it appears in results and errors: its error, if any, is a plain {code, message}. */
interface AttemptLike {
  readonly error?: { readonly code: string; readonly message: string } | null;
}

/** The agent's attempts with each tripped limit's message naming its flag (for `ask --json`). */
export function attemptsWithLimitFlags<T extends AttemptLike>(attempts: readonly T[]): T[] {
  return attempts.map((attempt) => (attempt.error ? { ...attempt, error: { ...attempt.error, message: messageWithLimitFlags(attempt.error.code, attempt.error.message) } } : attempt));
}

function messageWithLimitFlags(code: string, message: string): string {
  const limit = FLAGS.find((candidate) => candidate.code === code);
  if (limit === undefined) return message;
  let rewritten = message;
  for (const { field, flag } of FLAGS) rewritten = rewritten.replaceAll(field, flag);
  return rewritten.includes(limit.flag) ? rewritten : `${rewritten} (command line: ${limit.flag})`;
}

function secondsToMs(value: string): number {
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `--timeout must be a number of seconds above 0 and at most 86400 (e.g. 30 or 0.5); got "${value}".`,
      details: { option: "--timeout", value },
    });
  }
  return Math.max(1, Math.round(seconds * 1000));
}
