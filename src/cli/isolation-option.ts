import { sharedProcessPool } from "../../sandbox/process-pool/shared-pool.ts";
import { ViperError } from "../errors/index.ts";

/** The `--isolation` option of the commands that run programs (run, ask, eval, batch, worker). */
export const ISOLATION_OPTIONS = { isolation: { type: "string" } } as const;

/** Help text for {@link ISOLATION_OPTIONS}. */
export const ISOLATION_HELP =
  "  --isolation process|in-process  where programs run: a crash-isolated sandbox process (default), or an isolate\n" +
  "                                  in this process (faster to start; a program that makes V8 abort ends viper)";

/**
 * The isolation `--isolation` asks for: "process" unless told otherwise, because no in-process guard
 * stops every way a program can make V8 abort (docs/SANDBOX.md). With "process", the process-wide pool
 * starts its `programsAtOnce` sandbox processes now, while the command loads its models and image.
 * @throws ViperError CONFIG_INVALID naming the flag for any other value.
 */
export function isolationFrom(value: string | undefined, programsAtOnce = 1): "process" | "in-process" {
  const isolation = value ?? "process";
  if (isolation !== "process" && isolation !== "in-process") {
    throw new ViperError({
      code: "CONFIG_INVALID",
      message: `--isolation must be process or in-process; got "${isolation}".`,
      details: { option: "--isolation", value: isolation },
    });
  }
  if (isolation === "process") sharedProcessPool({ maxProcesses: programsAtOnce, idleProcesses: programsAtOnce });
  return isolation;
}

/**
 * Starts the sandbox process of `viper run` or `viper ask` before the command loads its modules, unless
 * the arguments ask for `--isolation in-process`: the process then starts while the command loads models
 * and the image, instead of after. (The command still reads and checks `--isolation` itself.)
 */
export function startProcessIsolationEarly(argv: readonly string[]): void {
  const flag = argv.findIndex((argument) => argument === "--isolation" || argument.startsWith("--isolation="));
  const value = flag < 0 ? undefined : argv[flag]!.includes("=") ? argv[flag]!.split("=")[1] : argv[flag + 1];
  if (value === undefined || value === "process") sharedProcessPool({ maxProcesses: 1 });
}
