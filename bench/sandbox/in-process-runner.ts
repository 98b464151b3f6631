import { createContext, runInContext, type Context } from "node:vm";
import { createBridgeHost, type BridgeHost } from "../../sandbox/bridge-host.ts";
import { PRELUDE_SOURCE } from "../../sandbox/prelude-source.ts";
import { resolvePolicy, type SandboxPolicy, type ToolHost } from "../../sandbox/index.ts";
import { transpileProgram } from "../../sandbox/transpile.ts";

type Install = (hostCall: unknown, hostCallSync: unknown, settings: unknown, global: object) => Enter;
type Enter = (request: "start", resolveEntry: () => unknown, rootText: string) => Promise<string>;

/** A fresh realm with the prelude installed, like the sandbox's spare isolate (prepared before the timed run). */
export interface InProcessRealm {
  readonly context: Context;
  readonly enter: Enter;
  connect(bridge: BridgeHost): void;
}

const UNLIMITED = Number.POSITIVE_INFINITY;

/**
 * A node:vm context with the prelude installed: a separate realm, so the prelude's guards and accessors
 * land on its built-ins and not this process's, but in the same isolate and thread as the host.
 */
export function prepareInProcessRealm(): InProcessRealm {
  const context = createContext({});
  let bridge: BridgeHost | undefined;
  const hostCall = { apply: (_self: unknown, [message]: [string]) => bridge!.callAsync(message) };
  const hostCallSync = { applySyncPromise: (_self: unknown, [message]: [string]) => bridge!.callSync(message) };
  const settings = { maxResultBytes: 1_048_576, maxElements: UNLIMITED, maxTextLength: 1_000, maxListLength: 1_000, maxLocaleTextLength: UNLIMITED };
  const install = runInContext(PRELUDE_SOURCE, context) as Install;
  const enter = install(hostCall, hostCallSync, settings, runInContext("globalThis", context) as object);
  return { context, enter, connect: (runBridge) => (bridge = runBridge) };
}

/**
 * The baseline the sandbox is measured against: the same transpile, the same prelude and the same host
 * bridge (messages, trace, limits, validation), run in this process's isolate: no isolate of its own,
 * no thread hop. What it does not do is the sandbox's cost.
 */
export async function runInProcess(source: string, host: ToolHost, realm: InProcessRealm, policyOverrides: Partial<SandboxPolicy> = {}): Promise<unknown> {
  const policy = resolvePolicy(policyOverrides);
  const program = transpileProgram(source);
  const bridge = createBridgeHost({ host, policy, runStartMs: performance.now(), toSourceLine: program.toSourceLine, onFatal: () => {} });
  realm.connect(bridge);
  runInContext(program.javascript, realm.context, { filename: "program.js" });
  const resolveEntry = () => runInContext('typeof execute_command === "undefined" ? undefined : execute_command', realm.context);
  const outcome = JSON.parse(await realm.enter("start", resolveEntry, JSON.stringify(host.root))) as { kind: string; value?: unknown };
  bridge.end();
  if (outcome.kind !== "answer") throw new Error(`in-process run failed: ${JSON.stringify(outcome)}`);
  return outcome.value;
}
