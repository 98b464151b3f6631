import { ViperError } from "../src/errors/index.ts";

/**
 * The limits one program run lives under. Every limit is enforced by the host, outside the program's
 * reach; docs/SANDBOX.md says how each one is enforced and which test attacks it.
 */
export interface SandboxPolicy {
  /**
   * Wall-clock time for the whole run (compile, program, and the tool calls it waits for). Enforced on
   * the host with a timer that disposes the isolate, so it also ends programs stuck after an `await`.
   * @defaultValue 120000 (2 minutes: perception back-ends on a CPU can take seconds per call)
   */
  readonly wallTimeoutMs: number;
  /**
   * CPU time the program itself may spend inside the isolate (tool calls run on the host and do not
   * count). Enforced by polling `isolate.cpuTime`.
   * @defaultValue 2000
   */
  readonly cpuTimeMs: number;
  /**
   * Heap limit of the run's isolate in megabytes (isolated-vm's `memoryLimit`; the minimum it accepts is 8).
   * @defaultValue 64
   */
  readonly memoryLimitMb: number;
  /**
   * How far the resident memory (RSS) of the process running the isolate may grow during a run, in
   * megabytes: memory the program makes V8 or ICU allocate outside the isolate's heap (huge string
   * copies, locale data), which `memoryLimitMb` does not see. Measured from the run's start, or from
   * the last moment a tool call in this process was working (models allocate too), and polled with the
   * CPU budget. Concurrent runs in one process add up: process isolation gives each run a process.
   * @defaultValue 256, or 4 × memoryLimitMb when that is more (a bigger heap makes bigger copies)
   */
  readonly processMemoryMb: number;
  /**
   * Most tool calls (perception methods, `crop`, free functions that reach the host) a run may make.
   * Going over ends the run with TOOL_LIMIT; the program cannot catch it.
   * @defaultValue 1000
   */
  readonly maxToolCalls: number;
  /**
   * Largest answer, measured as UTF-8 bytes of its JSON form.
   * @defaultValue 1048576 (1 MiB)
   */
  readonly maxResultBytes: number;
  /**
   * Largest program source in UTF-8 bytes.
   * @defaultValue 100000
   */
  readonly maxSourceBytes: number;
  /**
   * How often the CPU budget is checked.
   * @defaultValue 10
   */
  readonly cpuPollIntervalMs: number;
}

/** The policy used when a caller gives none; see {@link SandboxPolicy} for what each limit means. */
export const DEFAULT_POLICY: SandboxPolicy = Object.freeze({
  wallTimeoutMs: 120_000,
  cpuTimeMs: 2_000,
  memoryLimitMb: 64,
  processMemoryMb: 256,
  maxToolCalls: 1_000,
  maxResultBytes: 1_048_576,
  maxSourceBytes: 100_000,
  cpuPollIntervalMs: 10,
});

/** Smallest accepted value of each limit (isolated-vm refuses heaps under 8 MB). */
const MINIMUM: Readonly<Record<keyof SandboxPolicy, number>> = {
  wallTimeoutMs: 1,
  cpuTimeMs: 1,
  memoryLimitMb: 8,
  processMemoryMb: 16,
  maxToolCalls: 0,
  maxResultBytes: 16,
  maxSourceBytes: 1,
  cpuPollIntervalMs: 1,
};

/**
 * Fills a partial policy with the defaults and checks every value.
 * @throws ViperError CONFIG_INVALID when a value is not a whole number at or above its minimum, or a key
 * is unknown.
 */
export function resolvePolicy(partial: Partial<SandboxPolicy> = {}): SandboxPolicy {
  const resolved: Record<string, number> = { ...DEFAULT_POLICY };
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in MINIMUM)) {
      throw new ViperError({
        code: "CONFIG_INVALID",
        message: `Unknown sandbox policy option "${key}". Valid options: ${Object.keys(MINIMUM).join(", ")}.`,
        details: { option: key },
      });
    }
    if (value === undefined) continue;
    const minimum = MINIMUM[key as keyof SandboxPolicy];
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < minimum) {
      throw new ViperError({
        code: "CONFIG_INVALID",
        message: `Sandbox policy option ${key} must be a whole number >= ${minimum}, got ${String(value)}.`,
        details: { option: key, value: typeof value === "number" ? value : String(value), minimum },
      });
    }
    resolved[key] = value;
  }
  if (partial.processMemoryMb === undefined) {
    resolved.processMemoryMb = Math.max(DEFAULT_POLICY.processMemoryMb, 4 * resolved.memoryLimitMb!);
  }
  return Object.freeze(resolved as unknown as SandboxPolicy);
}
