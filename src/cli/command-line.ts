import { parseArgs, type ParseArgsConfig } from "node:util";
import { ViperError } from "../errors/index.ts";
import type { CliIo } from "./cli-io.ts";
import { escapeForTerminal } from "./terminal-text.ts";

/** A command's option definitions, as `node:util` parseArgs takes them. */
export type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

/**
 * Reads a command's arguments with `node:util` parseArgs (positionals allowed) and handles the two cases
 * every command handles alike: `--help` prints the usage on stdout (exit 0), and an unknown option or a
 * missing value, named by the parser's own message, prints the usage on stderr (exit 2). Either way the
 * command returns `exitCode`; otherwise it gets the parsed values.
 */
export function readCommandLine<const T extends CommandOptions>(argv: readonly string[], io: CliIo, spec: { command: string; usage: string; options: T }) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: spec.options });
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    return { exitCode: writeUsageError(io, { command: spec.command, problem: error.message, usage: spec.usage }) };
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    io.stdout.write(`${spec.usage}\n`);
    return { exitCode: 0 };
  }
  return { parsed };
}

/** Prints `viper <command>: <problem>` and the command's usage on stderr; returns exit code 2. */
export function writeUsageError(io: CliIo, options: { command: string; problem: string; usage: string }): number {
  io.stderr.write(`viper ${options.command}: ${options.problem}\n\n${options.usage}\n`);
  return 2;
}

/**
 * An error for people: `CODE: message` for a ViperError, the stack for anything else. Control characters
 * are escaped (messages can quote a program or a model); line feeds stay, for messages that list things.
 * Where a message quotes a program's own text (what it threw), the sandbox has escaped its line feeds.
 */
export function describeCliError(error: unknown): string {
  const text = ViperError.isInstance(error) ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
  return escapeForTerminal(text, { keepNewlines: true });
}

/**
 * A whole-number option value, or undefined when the option is absent.
 * @throws ViperError CONFIG_INVALID naming the option when the value is not a whole number ≥ `minimum`.
 */
export function wholeNumberOption(options: { option: string; value: string | undefined; minimum: number }): number | undefined {
  const { option, value, minimum } = options;
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isInteger(parsed) || parsed < minimum) {
    throw new ViperError({ code: "CONFIG_INVALID", message: `${option} must be a whole number ≥ ${minimum}; got "${value}".`, details: { option, value } });
  }
  return parsed;
}

function isParseArgsError(error: unknown): error is TypeError {
  if (!(error instanceof TypeError)) return false;
  const { code } = error as TypeError & { code?: unknown };
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}
