/** How one `viper doctor` check came out: `fail` makes the command exit 1; `note` is optional or unset. */
export type DoctorStatus = "ok" | "note" | "fail";

/** One line of `viper doctor`. */
export interface DoctorCheck {
  /** What was checked, e.g. "isolated-vm" or "model yolox-nano". */
  readonly name: string;
  readonly status: DoctorStatus;
  /** What was found, and when it is not ok, what to do. */
  readonly detail: string;
}

/** Runs a check, turning an unexpected exception into a failed line instead of a crash of the whole report. */
export async function runCheck(name: string, check: () => Promise<Omit<DoctorCheck, "name">>): Promise<DoctorCheck> {
  try {
    return { name, ...(await check()) };
  } catch (error) {
    return { name, status: "fail", detail: error instanceof Error ? error.message.split("\n")[0]! : String(error) };
  }
}

/** The check as one line, status first, names aligned. */
export function formatCheck(check: DoctorCheck): string {
  return `${check.status.padEnd(5)}${check.name.padEnd(27)}${check.detail}`;
}
