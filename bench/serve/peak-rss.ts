import { readFileSync } from "node:fs";

/** A process's peak resident set size (VmHWM in /proc/<pid>/status) in MB; Linux only. */
export function peakRssMb(pid: number | "self"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmHWM line in /proc/${pid}/status`);
  return Number(kilobytes) / 1024;
}

/** The ids of a process's direct children (Linux /proc/<pid>/task/<pid>/children). */
export function childPids(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return text === "" ? [] : text.split(/\s+/).map(Number);
}
