import type { SandboxPolicy } from "./policy.ts";
import { prepareIsolate, type PreparedIsolate } from "./prepared-isolate.ts";

/**
 * Keeps ONE spare prepared isolate so that creating an isolate (~1.5 ms), its context (~0.7 ms) and
 * installing the prelude (~0.5 ms) happen between runs instead of inside the next one. This is not
 * pooling: every isolate still runs exactly one program and is disposed after it; the spare has only
 * ever run the prelude. An idle spare does not keep the process alive.
 */
let spare: { readonly key: string; readonly prepared: Promise<PreparedIsolate> } | undefined;

function keyOf(policy: SandboxPolicy): string {
  return `${policy.memoryLimitMb}:${policy.maxResultBytes}`;
}

/** A fresh prepared isolate for `policy`: the spare when it matches, else a new one. */
export async function takePreparedIsolate(policy: SandboxPolicy): Promise<PreparedIsolate> {
  const taken = spare?.key === keyOf(policy) ? spare.prepared : undefined;
  if (taken === undefined) releaseSpareIsolate();
  spare = undefined;
  const prepared = await taken?.catch(() => undefined);
  return prepared !== undefined && !prepared.isolate.isDisposed ? prepared : prepareIsolate(policy);
}

/**
 * Prepares a spare for the next run with `policy`, on the next turn of the event loop (after the
 * current run has returned, so creating the isolate does not slow that run down).
 */
export function prepareSpareIsolate(policy: SandboxPolicy): void {
  setImmediate(() => {
    if (spare !== undefined) return;
    const prepared = prepareIsolate(policy);
    prepared.catch(() => {}); // a spare that failed to prepare is simply not used
    spare = { key: keyOf(policy), prepared };
  });
}

/** Disposes the spare isolate, if any. */
export function releaseSpareIsolate(): void {
  const released = spare;
  spare = undefined;
  void released?.prepared.then((prepared) => {
    if (!prepared.isolate.isDisposed) prepared.isolate.dispose();
  }, () => {});
}
