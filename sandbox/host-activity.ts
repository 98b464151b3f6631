/**
 * Tool-host work in this process, across every run: the process-memory watch (run-limits.ts) must not
 * blame a program for memory a tool allocates (a model loading, an image decoded), so it measures the
 * program's growth only from the last moment no tool was working.
 */
let callsInFlight = 0;
let settledCalls = 0;

/** Marks a tool-host call as started; returns the function that marks it settled. */
export function hostCallStarted(): () => void {
  callsInFlight += 1;
  let settled = false;
  return () => {
    if (settled) return;
    settled = true;
    callsInFlight -= 1;
    settledCalls += 1;
  };
}

/** Whether a tool-host call is running now, and how many have settled so far (to notice one that came and went). */
export function hostActivity(): { readonly callsInFlight: number; readonly settledCalls: number } {
  return { callsInFlight, settledCalls };
}
