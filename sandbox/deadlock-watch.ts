import type ivm from "isolated-vm";
import type { BridgeHost } from "./bridge-host.ts";

/** Options for {@link createDeadlockWatch}. */
export interface DeadlockWatchOptions {
  readonly bridge: Pick<BridgeHost, "pendingCalls" | "activity">;
  /** The prelude's entry (prelude/entry.js); "wait-site" answers where the program last awaited. */
  readonly prelude: ivm.Reference<unknown>;
  /** Called once, with the "line:column" of the program's last await (or null), when the run is stuck. */
  readonly onDeadlock: (site: string | null) => void;
}

/** Polled by the watchdog while execute_command runs. */
export interface DeadlockWatch {
  /** Starts a probe when nothing seems to be running (cheap otherwise). */
  poll(): void;
  /** No more probes or verdicts (the run settled or failed). */
  stop(): void;
}

/** Consecutive idle probes, with no tool call in between, that make a deadlock. */
const IDLE_PROBES_FOR_DEADLOCK = 2;

/**
 * Notices a program that awaits something nothing can ever settle. Programs have no timers and no I/O:
 * once no tool call is running and the isolate has run every job it had, nothing can resume the program.
 * A probe is a task queued in the isolate; isolated-vm runs an isolate's tasks in order, each with its
 * microtasks, so a probe that comes back means the isolate finished everything queued before it. Two
 * probes in a row that come back with no tool call started or answered meanwhile (the second makes sure
 * a reply on its way into the isolate when the first was sent has been run) prove the run is stuck. The
 * probe also returns where the program last awaited, for the error.
 */
export function createDeadlockWatch({ bridge, prelude, onDeadlock }: DeadlockWatchOptions): DeadlockWatch {
  let stopped = false;
  let probing = false;
  let idleProbes = 0;

  function probe(): void {
    probing = true;
    const activityBefore = bridge.activity;
    prelude.apply(undefined, ["wait-site"], { result: { copy: true } }).then(
      (site: unknown) => {
        probing = false;
        if (stopped) return;
        if (bridge.activity !== activityBefore || bridge.pendingCalls > 0) {
          idleProbes = 0;
          return;
        }
        idleProbes += 1;
        if (idleProbes < IDLE_PROBES_FOR_DEADLOCK) probe();
        else {
          stopped = true;
          onDeadlock(typeof site === "string" ? site : null);
        }
      },
      () => {
        probing = false; // the isolate was disposed: the run is ending anyway
      },
    );
  }

  return {
    poll() {
      if (stopped || probing) return;
      if (bridge.pendingCalls > 0) {
        idleProbes = 0;
        return;
      }
      probe();
    },
    stop() {
      stopped = true;
    },
  };
}
