import { stripTypeScriptTypes } from "node:module";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { createRequire } from "node:module";
import type ts from "typescript";
import { ViperError } from "../src/errors/index.ts";

// TypeScript takes most of a second to load and is needed only on the rare fallback paths (enums,
// namespaces, syntax errors), so it is required on first use instead of at start-up.
const require = createRequire(import.meta.url);
let typescript: typeof ts | undefined;
function loadTypeScript(): typeof ts {
  typescript ??= require("typescript") as typeof ts;
  return typescript;
}

/** A program turned into JavaScript, with a way back to the TypeScript source's lines. */
export interface TranspiledProgram {
  /** JavaScript to run as a classic script named `program.js`. */
  readonly javascript: string;
  /** How it was produced: `strip` keeps every line and column; `transpile` needs the source map. */
  readonly mode: "strip" | "transpile";
  /** Maps a 1-based line and column of the JavaScript back to the 1-based TypeScript line (null if unknown). */
  toSourceLine(line: number, column: number): number | null;
}

// `export` is allowed on the entry point (planners write it) but a classic script cannot hold it; blanking
// the keyword with spaces keeps every position unchanged.
const EXPORT_KEYWORD = /^([ \t]*)(export(?:[ \t]+default)?)(?=[ \t]+(?:async[ \t]+)?(?:function|const|let|var)\b)/gm;

/**
 * Turns a TypeScript program into JavaScript whose positions match the source.
 *
 * Why two ways: Node's built-in type stripping replaces every type annotation with spaces, so line AND
 * column numbers are exactly the TypeScript ones, and it costs ~0.2 ms against ~4 ms for
 * `ts.transpileModule` (which matters when the sandbox's budget is 5 ms a program). Stripping cannot
 * handle syntax that generates code (enums, namespaces, parameter properties); for those programs the
 * TypeScript compiler transpiles and its source map (read with @jridgewell/trace-mapping) maps lines
 * back. The compiler also reports syntax errors, with their line and column.
 * @throws ViperError PROGRAM_SYNTAX when the program does not parse.
 */
export function transpileProgram(source: string): TranspiledProgram {
  let stripped: string | undefined;
  try {
    stripped = stripQuietly(source);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX") throwSyntaxError(source, error);
  }
  if (stripped !== undefined) {
    return { javascript: blankExports(stripped), mode: "strip", toSourceLine: (line) => line };
  }
  return transpileWithSourceMap(source);
}

function transpileWithSourceMap(source: string): TranspiledProgram {
  const ts = loadTypeScript();
  const output = ts.transpileModule(source, {
    fileName: "program.ts",
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Preserve, sourceMap: true },
  });
  const diagnostic = output.diagnostics?.[0];
  if (diagnostic !== undefined) throw syntaxErrorFrom(source, diagnostic);
  const map = new TraceMap(output.sourceMapText ?? "");
  const javascript = blankExports(output.outputText.replace(/\/\/# sourceMappingURL=.*$/m, ""));
  return {
    javascript,
    mode: "transpile",
    toSourceLine: (line, column) => originalPositionFor(map, { line, column: Math.max(0, column - 1) }).line,
  };
}

function blankExports(javascript: string): string {
  return javascript.replace(EXPORT_KEYWORD, (_match, indent: string, keyword: string) => indent + " ".repeat(keyword.length));
}

// stripTypeScriptTypes prints an ExperimentalWarning the first time it runs; it is stable enough for this
// use (its output is checked by the tests) and the warning would end up on every CLI user's stderr.
function stripQuietly(source: string): string {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes("stripTypeScriptTypes")) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return stripTypeScriptTypes(source, { mode: "strip" });
  } finally {
    process.emitWarning = emitWarning;
  }
}

function throwSyntaxError(source: string, cause: unknown): never {
  const output = loadTypeScript().transpileModule(source, { fileName: "program.ts", reportDiagnostics: true });
  const diagnostic = output.diagnostics?.[0];
  if (diagnostic !== undefined) throw syntaxErrorFrom(source, diagnostic, cause);
  throw new ViperError({
    code: "PROGRAM_SYNTAX",
    message: `The program does not parse: ${(cause as Error).message}. Fix the syntax and run it again.`,
    details: { line: null, column: null },
    cause,
  });
}

function syntaxErrorFrom(source: string, diagnostic: ts.Diagnostic, cause?: unknown): ViperError {
  const ts = loadTypeScript();
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  const position = diagnostic.start ?? 0;
  const file = ts.createSourceFile("program.ts", source, ts.ScriptTarget.ES2022);
  const { line, character } = file.getLineAndCharacterOfPosition(position);
  return new ViperError({
    code: "PROGRAM_SYNTAX",
    message: `Syntax error at line ${line + 1}, column ${character + 1}: ${text.replace(/\.$/, "")}. Fix the program and run it again.`,
    details: { line: line + 1, column: character + 1 },
    cause,
  });
}
