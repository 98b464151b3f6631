import { createBridgeHost } from "../../sandbox/bridge-host.ts";
import { PRELUDE_GLOBALS, PRELUDE_SOURCE } from "../../sandbox/prelude-source.ts";
import { resolvePolicy, type SandboxPolicy, type ToolHost } from "../../sandbox/index.ts";
import { transpileProgram } from "../../sandbox/transpile.ts";

type Install = (hostCall: unknown, hostCallSync: unknown, settings: unknown, global: object) => StartFunction;
type StartFunction = (entry: unknown, root: unknown) => Promise<string>;

// Evaluated once, as the sandbox compiles the prelude once and reuses V8's code cache. The prelude's
// Array.prototype.fill guard lands on this process's Array.prototype; with no length limit it only adds
// a length check, which is why this baseline lives in the benchmark and nowhere else.
const install = (0, eval)(PRELUDE_SOURCE) as Install;

/**
 * The baseline the sandbox is measured against: the same transpile, the same prelude and the same host
 * bridge (trace, limits, validation), but run in this process as ordinary functions: no isolate, no
 * copying, no thread hop. What it does not do is the sandbox's cost.
 */
export async function runInProcess(source: string, host: ToolHost, policyOverrides: Partial<SandboxPolicy> = {}): Promise<unknown> {
  const policy = resolvePolicy(policyOverrides);
  const program = transpileProgram(source);
  const bridge = createBridgeHost({ host, policy, runStartMs: performance.now(), toSourceLine: program.toSourceLine, onFatal: () => {} });
  const hostCall = { apply: (_self: unknown, args: Parameters<typeof bridge.callAsync>) => bridge.callAsync(...args) };
  const hostCallSync = { applySync: (_self: unknown, args: Parameters<typeof bridge.callSync>) => bridge.callSync(...args) };
  const globals: Record<string, unknown> = {};
  const start = install(hostCall, hostCallSync, { maxResultBytes: policy.maxResultBytes, maxFillLength: Number.POSITIVE_INFINITY }, globals);
  const entry = new Function(
    ...PRELUDE_GLOBALS,
    `${program.javascript}\nreturn typeof execute_command === "undefined" ? undefined : execute_command;`,
  )(...PRELUDE_GLOBALS.map((name) => globals[name]));
  const outcome = JSON.parse(await start(entry, host.root)) as { kind: string; value?: unknown };
  bridge.end();
  if (outcome.kind !== "answer") throw new Error(`in-process run failed: ${JSON.stringify(outcome)}`);
  return outcome.value;
}
